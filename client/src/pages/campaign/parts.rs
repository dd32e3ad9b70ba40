//! The campaign page's lowest parts, which every other part of the page may use and
//! which use none of them: how a form sends an action, a file's thumbnail, the reminder
//! button, a stage's name in the page's `data-stage` attributes.

use shared::Lang;
use shared::api::CampaignDetail;
use shared::campaign::Stage;
use shared::endpoints::{Download, GetThumbnail, url};
use shared::ids::AttachmentId;
use shared::workflow::{Action, SendReminder};
use yew::prelude::*;

use crate::ctx::AppCtx;
use crate::i18n::Text;

/// Sends an action (with the key of the draft to drop once the server has it). Named
/// apart from `shared::workflow::Act`, the trait every action implements.
pub type SendAction = Callback<(Action, Option<String>)>;
/// Sends actions one after the other, each on the version the one before made.
pub type SendActions = Callback<(Vec<Action>, Option<String>)>;

/// A stage as the page's `data-stage` attributes carry it: its name on the wire.
pub(crate) fn stage_attr(stage: Stage) -> String {
    crate::json::to_string(&stage).map(|s| s.trim_matches('"').to_owned()).unwrap_or_default()
}

/// A file as a small picture that opens the whole file.
pub(crate) fn thumbnail(id: AttachmentId) -> Html {
    let full = url::<Download>(&[&id.to_string()], &());
    let small = url::<GetThumbnail>(&[&id.to_string()], &());
    html! { <a class="thumb" href={full} target="_blank" rel="noopener"><img src={small} alt="" loading="lazy" /></a> }
}

/// 催办, saying who will be reminded (the departments at the stage, the one in charge by
/// name); none when the one looking may not remind or is the only one there is to remind.
pub(crate) fn remind_button(ctx: &AppCtx, detail: &CampaignDetail, act: &SendAction, busy: bool) -> Html {
    // Whom it reminds is the server's answer (`CampaignDetail::reminds`).
    let roles = &detail.reminds;
    if roles.is_empty() {
        return html! {};
    }
    let l = ctx.lang;
    let names: Vec<String> = roles
        .iter()
        .map(|r| {
            let name = if l == Lang::En { r.name_en() } else { r.name_zh() };
            match &detail.handler {
                Some(h) if *r == shared::org::Role::Planning => match l {
                    Lang::Zh => format!("{name}（{}）", h.name),
                    Lang::En => format!("{name} ({})", h.name),
                },
                _ => name.to_owned(),
            }
        })
        .collect();
    let label = match l {
        Lang::Zh => format!("催办：提醒{}", names.join("、")),
        Lang::En => format!("Remind {}", names.join(", ")),
    };
    let act = act.clone();
    html! {
        <button class="secondary" id="remind" disabled={busy} onclick={Callback::from(move |_| {
            act.emit((Action::SendReminder(SendReminder { note: String::new() }), None))
        })}>{ if busy { ctx.t(Text::Sending).to_owned() } else { label } }</button>
    }
}

//! Design proof rounds: the files of each round, comments pinned to a spot of an image,
//! passing or sending a round back, the last two rounds side by side.

use shared::Lang;
use shared::campaign::Campaign;
use shared::endpoints::{Download, url};
use shared::ids::AttachmentId;
use shared::plan::Pin;
use shared::workflow::{Action, CommentProof, DecideProof, UploadProof};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::super::parts::{SendAction, thumbnail};
use crate::api;
use crate::ctx::AppCtx;
use crate::i18n::{Text, pick};
use crate::pages::input_value;
use crate::widgets::ConfirmButton;

#[derive(Properties, PartialEq)]
pub(super) struct ProofProps {
    pub(super) campaign: Campaign,
    pub(super) act: SendAction,
    pub(super) busy: bool,
    pub(super) can_upload: bool,
    pub(super) can_comment: bool,
    pub(super) can_decide: bool,
}

#[function_component(ProofPanel)]
pub(super) fn proof_panel(props: &ProofProps) -> Html {
    let ctx = use_context::<AppCtx>();
    let pin = use_state(|| None::<Pin>);
    let text = use_state(String::new);
    let uploading = use_state(|| false);
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let c = &props.campaign;
    let upload = {
        let (act, uploading, ctx) = (props.act.clone(), uploading.clone(), ctx.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            let (act, uploading, ctx) = (act.clone(), uploading.clone(), ctx.clone());
            uploading.set(true);
            yew::platform::spawn_local(async move {
                let result = api::upload(&file).await;
                ctx.note(&result);
                if let Ok(view) = result {
                    act.emit((Action::UploadProof(UploadProof { files: vec![view.id] }), None));
                }
                uploading.set(false);
            });
        })
    };
    let last = c.proofs.last().cloned();
    html! {
        <section class="card" id="proofs">
            <h2>{ ctx.t(Text::Proofs) }</h2>
            if let [.., before, after] = c.proofs.as_slice() {
                // The last two rounds side by side: what changed since the one before.
                <div class="rounds-compare" id="rounds-compare">
                    { for [before, after].into_iter().map(|round| html! {
                        <figure>
                            <figcaption>{ round_label(l, round, &c.proofs) }</figcaption>
                            { for round.files.iter().take(2).map(|f| thumbnail(*f)) }
                        </figure>
                    }) }
                </div>
            }
            { for c.proofs.iter().map(|round| {
                let is_last = last.as_ref().is_some_and(|r| r.number == round.number);
                html! {
                    <div class="round" data-round={round.number.to_string()}>
                        <h3>{ round_label(l, round, &c.proofs) }
                            if let Some(outcome) = &round.outcome { { format!(" · {}", if outcome.passed { ctx.t(Text::Pass) } else { ctx.t(Text::SendBackRound) }) } }
                        </h3>
                        { for round.files.iter().map(|file| pinnable(*file, round.number, &round.comments, is_last && props.can_comment, pin.clone())) }
                        <ol class="comments">{ for round.comments.iter().enumerate().map(|(i, comment)| html! {
                            <li class="comment">{ format!("{} {}：{}", if comment.pin.is_some() { format!("📍{}", i + 1) } else { String::new() }, comment.author_name, comment.text) }</li>
                        }) }</ol>
                        if is_last && props.can_comment {
                            <p class="hint">{ ctx.t(Text::PinHint) }</p>
                            <div class="line">
                                <input id="pin-comment" value={(*text).clone()} oninput={{ let text = text.clone(); Callback::from(move |e: InputEvent| text.set(input_value(&e))) }} />
                                <button id="add-comment" disabled={text.trim().is_empty() || props.busy} onclick={{
                                    let (act, text, pin, round) = (props.act.clone(), text.clone(), pin.clone(), round.number);
                                    Callback::from(move |_| {
                                        act.emit((Action::CommentProof(CommentProof { round, text: (*text).clone(), pin: *pin }), None));
                                        text.set(String::new());
                                        pin.set(None);
                                    })
                                }}>{ ctx.t(Text::AddComment) }</button>
                            </div>
                        }
                        if is_last && round.outcome.is_none() && props.can_decide {
                            <div class="buttons">
                                <ConfirmButton id="proof-pass" lang={l} busy={props.busy} label={ctx.t(Text::Pass)}
                                    question={pick(l, "这一轮设计稿通过？", "Pass this design round?")}
                                    on_confirm={{ let (act, n) = (props.act.clone(), round.number); Callback::from(move |()| act.emit((Action::DecideProof(DecideProof { round: n, passed: true }), None))) }} />
                                <ConfirmButton id="proof-back" class={classes!("secondary")} lang={l} busy={props.busy} label={ctx.t(Text::SendBackRound)}
                                    question={pick(l, "退回这一轮设计稿，让设计修改？", "Send this round back to design?")}
                                    on_confirm={{ let (act, n) = (props.act.clone(), round.number); Callback::from(move |()| act.emit((Action::DecideProof(DecideProof { round: n, passed: false }), None))) }} />
                            </div>
                        }
                    </div>
                }
            }) }
            if props.can_upload {
                <label class="file-button" for="proof-file">{ if *uploading { ctx.t(Text::Uploading) } else { ctx.t(Text::UploadDraft) } }</label>
                <input id="proof-file" type="file" accept="image/*,application/pdf" onchange={upload} />
            }
        </section>
    }
}

/// An image that takes a pin where it is tapped, showing the pins already there.
fn pinnable(
    file: AttachmentId,
    round: u32,
    comments: &[shared::plan::Comment],
    can_pin: bool,
    pin: UseStateHandle<Option<Pin>>,
) -> Html {
    let tap = {
        let pin = pin.clone();
        Callback::from(move |e: MouseEvent| {
            if !can_pin {
                return;
            }
            let Some(target) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
            let rect = target.get_bounding_client_rect();
            if rect.width() <= 0.0 || rect.height() <= 0.0 {
                return;
            }
            let x = ((f64::from(e.client_x()) - rect.left()) / rect.width() * 1000.0).clamp(0.0, 1000.0) as u16;
            let y = ((f64::from(e.client_y()) - rect.top()) / rect.height() * 1000.0).clamp(0.0, 1000.0) as u16;
            pin.set(Some(Pin { attachment: file, x_permille: x, y_permille: y }));
        })
    };
    let marker = |n: String, p: &Pin, class: &'static str| {
        html! {
            <span class={classes!("pin", class)} style={format!("left:{}%;top:{}%", f64::from(p.x_permille) / 10.0, f64::from(p.y_permille) / 10.0)}>{ n }</span>
        }
    };
    html! {
        <div class="pinnable" data-file={file.to_string()} data-round={round.to_string()}>
            <img src={url::<Download>(&[&file.to_string()], &())} alt="" onclick={tap} />
            <a class="full-size" href={url::<Download>(&[&file.to_string()], &())} target="_blank" rel="noopener">{ "⤢" }</a>
            { for comments.iter().enumerate().filter_map(|(i, c)| c.pin.filter(|p| p.attachment == file).map(|p| marker((i + 1).to_string(), &p, "saved"))) }
            if let Some(p) = (*pin).filter(|p| p.attachment == file) { { marker("+".into(), &p, "new") } }
        </div>
    }
}

/// A proof round as people name it: its number and step, and when the step is handed in
/// again after being sent back, which time it is (第2轮 · 初案（第2稿）).
pub(super) fn round_label(l: Lang, round: &shared::plan::ProofRound, rounds: &[shared::plan::ProofRound]) -> String {
    let step = if l == Lang::En { round.step.name_en() } else { round.step.name_zh() };
    let nth = rounds.iter().filter(|r| r.step == round.step && r.number <= round.number).count();
    match (l, nth) {
        (Lang::Zh, 0 | 1) => format!("第{}轮 · {}", round.number, step),
        (Lang::Zh, n) => format!("第{}轮 · {}（第{n}稿）", round.number, step),
        (Lang::En, 0 | 1) => format!("Round {} · {}", round.number, step),
        (Lang::En, n) => format!("Round {} · {} (take {n})", round.number, step),
    }
}

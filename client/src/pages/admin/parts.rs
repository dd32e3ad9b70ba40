//! Small parts the administration tabs share: a select that shows the value held, labelled
//! fields, buttons for writes, the outcome of a write, the toolbar and the count line.

use std::rc::Rc;

use shared::Lang;
use yew::prelude::*;

use super::Tab;
use super::data::Data;
use super::state::{Editing, Form, Page, Spot};
use crate::i18n::{Text, pick};
use crate::pages::{input_value, select_value};

#[derive(Properties, PartialEq)]
pub(super) struct PickerProps {
    pub(super) id: AttrValue,
    #[prop_or_default]
    pub(super) class: Classes,
    /// Said to screen readers when the select has no visible label.
    #[prop_or_default]
    pub(super) label: Option<AttrValue>,
    /// Each choice's value and text.
    pub(super) options: Vec<(String, String)>,
    /// The value held; "" when nothing is chosen.
    pub(super) value: String,
    /// The text of a choice meaning "none / all" (value ""); without it, 请选择… is shown
    /// while nothing is chosen.
    #[prop_or_default]
    pub(super) empty: Option<AttrValue>,
    pub(super) lang: Lang,
    pub(super) onchange: Callback<String>,
    #[prop_or_default]
    pub(super) disabled: bool,
}

/// A select that always shows the value held: its options are marked `selected` from the
/// state, and after every render the element is set to that value (a select the user has
/// touched no longer follows its options' `selected`).
#[function_component(Picker)]
pub(super) fn picker(props: &PickerProps) -> Html {
    let node = use_node_ref();
    {
        let (node, value) = (node.clone(), props.value.clone());
        use_effect(move || {
            if let Some(select) = node.cast::<web_sys::HtmlSelectElement>()
                && select.value() != value
            {
                select.set_value(&value);
            }
        });
    }
    let l = props.lang;
    let empty = match &props.empty {
        Some(text) => Some(text.clone()),
        None if props.value.is_empty() => Some(AttrValue::from(pick(l, "请选择…", "Choose…"))),
        None => None,
    };
    let unknown = !props.value.is_empty() && !props.options.iter().any(|(v, _)| *v == props.value);
    let onchange = {
        let onchange = props.onchange.clone();
        Callback::from(move |e: Event| onchange.emit(select_value(&e)))
    };
    html! {
        <select ref={node} id={props.id.clone()} class={props.class.clone()} aria-label={props.label.clone()}
            data-value={props.value.clone()} disabled={props.disabled} {onchange}>
            if let Some(text) = empty { <option value="" selected={props.value.is_empty()}>{ text }</option> }
            if unknown { <option value={props.value.clone()} selected=true>{ pick(l, "（已不存在）", "(no longer exists)") }</option> }
            { for props.options.iter().map(|(value, text)| html! {
                <option value={value.clone()} selected={*value == props.value}>{ text.clone() }</option>
            }) }
        </select>
    }
}

/// A labelled field: the words above, the control below.
pub(super) fn field(label: &str, control: Html) -> Html {
    html! { <label class="admin-field"><span>{ label.to_owned() }</span>{ control }</label> }
}

pub(super) fn text_input(id: String, value: &str, oninput: Callback<InputEvent>) -> Html {
    html! { <input id={id} value={value.to_owned()} {oninput} /> }
}

/// A button for a write that needs no question: 提交中… and disabled while in flight.
pub(super) fn send_button(page: &Page, id: &str, label: &str, disabled: bool, onclick: Callback<()>) -> Html {
    let busy = page.busy(id);
    html! {
        <button type="button" id={id.to_owned()} disabled={busy || disabled} aria-busy={busy.then_some("true")}
            onclick={onclick.reform(|_: MouseEvent| ())}>
            { if busy { page.ctx.t(Text::Sending).to_owned() } else { label.to_owned() } }
        </button>
    }
}

/// The outcome of the last write, if it belongs here.
pub(super) fn notice_at(page: &Page, spot: &Spot) -> Html {
    match &page.ui().notice {
        Some(notice) if notice.spot == *spot => html! {
            <p id="admin-message" role="status" class={classes!("admin-notice", if notice.ok { "ok" } else { "bad" })}>
                { notice.text.clone() }
            </p>
        },
        _ => html! {},
    }
}

/// 编辑 / 收起 for a row: opens its editor with a fresh draft (closing any other).
pub(super) fn edit_button(page: &Page, id: String, open: bool, start: impl Fn() -> Editing + 'static) -> Html {
    let l = page.l();
    let onclick = {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| {
            let next = start();
            page.update(move |ui| {
                let same = ui.editing.as_ref().map(Editing::spot) == Some(next.spot());
                ui.editing = if same { None } else { Some(next) };
            });
        })
    };
    html! {
        <button type="button" id={id} class={classes!("secondary", "edit")} aria-expanded={open.to_string()} {onclick}>
            { if open { pick(l, "收起", "Close") } else { pick(l, "编辑", "Edit") } }
        </button>
    }
}

/// The search box, the tab's other filters and its "新建…" buttons.
pub(super) fn toolbar(page: &Page, tab: Tab, placeholder: &str, filters: Html, buttons: Html) -> Html {
    let oninput = {
        let page = page.clone();
        Callback::from(move |e: InputEvent| {
            let query = input_value(&e);
            page.update(move |ui| {
                ui.search.insert(tab, query);
            });
        })
    };
    html! {
        <div class="admin-toolbar">
            <input type="search" id="admin-search" class="admin-search" placeholder={placeholder.to_owned()}
                aria-label={placeholder.to_owned()} value={page.ui().query(tab).to_owned()} {oninput} />
            { filters }
            <div class="admin-new">{ buttons }</div>
        </div>
    }
}

pub(super) fn form_button(page: &Page, form: Form, id: &'static str, label: &str) -> Html {
    let open = page.ui().form == Some(form);
    let onclick = {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| {
            page.update(move |ui| ui.form = if ui.form == Some(form) { None } else { Some(form) })
        })
    };
    html! {
        <button type="button" id={id} class={classes!("secondary", open.then_some("open"))}
            aria-expanded={open.to_string()} {onclick}>{ label.to_owned() }</button>
    }
}

pub(super) fn count_line(l: Lang, shown: usize, total: usize, unit_zh: &str, noun_en: &str) -> Html {
    let text = if shown == total {
        if l == Lang::En { format!("{total} {noun_en}") } else { format!("共{total}{unit_zh}") }
    } else if l == Lang::En {
        format!("{shown} of {total} {noun_en}")
    } else {
        format!("共{total}{unit_zh}，显示{shown}{unit_zh}")
    };
    html! { <p class="hint admin-count" id="admin-count">{ text }</p> }
}

pub(super) fn on_input(callback: Callback<String>) -> Callback<InputEvent> {
    callback.reform(|e: InputEvent| input_value(&e))
}

#[derive(Properties, PartialEq)]
pub(super) struct FormProps {
    pub(super) page: Page,
}

#[derive(Properties, PartialEq)]
pub(super) struct DataFormProps {
    pub(super) page: Page,
    pub(super) data: Rc<Data>,
}

//! Small parts shared by pages: a button that asks before it acts.

use shared::Lang;
use yew::prelude::*;

use crate::i18n::{Text, t};

#[derive(Properties, PartialEq)]
pub struct ConfirmButtonProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// What the person is asked before it happens ("批准后方案将发给门店，确定吗？").
    pub question: AttrValue,
    pub lang: Lang,
    pub on_confirm: Callback<()>,
    #[prop_or_default]
    pub disabled: bool,
    /// Sent and not answered yet: the button says "提交中…" and cannot be pressed.
    #[prop_or_default]
    pub busy: bool,
    #[prop_or_default]
    pub class: Classes,
}

/// A button for something that cannot be undone: the first tap shows the question next
/// to it with 确定 / 取消 (as the approval apps on their phones do); only 确定 acts. The
/// confirming button's id is the button's id with `-yes` appended.
#[function_component(ConfirmButton)]
pub fn confirm_button(props: &ConfirmButtonProps) -> Html {
    let asking = use_state(|| false);
    let l = props.lang;
    if props.busy {
        return html! { <button id={props.id.clone()} class={props.class.clone()} disabled=true aria-busy="true">{ t(l, Text::Sending) }</button> };
    }
    if *asking {
        let yes = {
            let (asking, on_confirm) = (asking.clone(), props.on_confirm.clone());
            Callback::from(move |_| {
                asking.set(false);
                on_confirm.emit(());
            })
        };
        let no = {
            let asking = asking.clone();
            Callback::from(move |_| asking.set(false))
        };
        return html! {
            <div class="confirm-box" role="alertdialog" aria-label={props.question.clone()}>
                <p>{ props.question.clone() }</p>
                <div class="buttons">
                    <button id={format!("{}-yes", props.id)} onclick={yes}>{ t(l, Text::Yes) }</button>
                    <button class="secondary" id={format!("{}-no", props.id)} onclick={no}>{ t(l, Text::No) }</button>
                </div>
            </div>
        };
    }
    let ask = {
        let asking = asking.clone();
        Callback::from(move |_| asking.set(true))
    };
    html! { <button id={props.id.clone()} class={props.class.clone()} disabled={props.disabled} onclick={ask}>{ props.label.clone() }</button> }
}

#[derive(Properties, PartialEq)]
pub struct SelectProps {
    pub id: AttrValue,
    /// The value the page's state holds ("" for nothing chosen yet).
    pub value: AttrValue,
    /// (value, what a person reads), in order.
    pub options: Vec<(AttrValue, AttrValue)>,
    /// Shown (and selected) while nothing is chosen, e.g. "请选择门店"; with value "".
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    pub onchange: Callback<String>,
    #[prop_or_default]
    pub disabled: bool,
    #[prop_or_default]
    pub class: Classes,
}

/// A `<select>` that always shows what the page's state holds. Marking an `<option>`
/// `selected` is not enough: once a person has picked, the browser stops following the
/// attribute, and a re-render would leave a value shown that the state does not hold.
/// So the element's value is set after every render, and `data-value` carries the state
/// (the browser tests compare the two on every screen).
#[function_component(Select)]
pub fn select(props: &SelectProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        let value = props.value.clone();
        use_effect(move || {
            if let Some(select) = node.cast::<web_sys::HtmlSelectElement>() {
                select.set_value(&value);
            }
        });
    }
    let onchange = {
        let callback = props.onchange.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                callback.emit(select.value());
            }
        })
    };
    let chosen = !props.value.is_empty() && props.options.iter().any(|(v, _)| *v == props.value);
    html! {
        <select id={props.id.clone()} ref={node} class={props.class.clone()} data-value={props.value.clone()}
            disabled={props.disabled} {onchange}>
            if let Some(placeholder) = &props.placeholder {
                <option value="" selected={!chosen}>{ placeholder.clone() }</option>
            }
            { for props.options.iter().map(|(value, label)| html! {
                <option value={value.clone()} selected={*value == props.value}>{ label.clone() }</option>
            }) }
        </select>
    }
}

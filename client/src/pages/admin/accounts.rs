//! The administration tab 账号: the accounts, their role, store and language, disabling
//! and enabling them, password resets, and new accounts.

use std::rc::Rc;

use shared::Lang;
use shared::api::{LOGIN_MAX_CHARS, NewUser, PASSWORD_MIN_CHARS, PasswordReset, Record, UserUpdate, UserView};
use shared::endpoints::{CreateUser, ResetPassword, UpdateUser};
use shared::ids::{PersonId, StoreId};
use shared::messages::{FieldError, Message};
use shared::org::{Person, Role, Store};
use yew::prelude::*;

use super::Tab;
use super::data::{Data, Index};
use super::parts::{
    DataFormProps, Picker, count_line, edit_button, field, form_button, notice_at, on_input, send_button, text_input,
    toolbar,
};
use super::state::{Cell, Editing, Form, Page, Spot};
use super::words::{
    What, choose_one, colon, field_message, lang_name, lang_slug, matches, paren, role_name, role_slug,
};
use crate::api;
use crate::i18n::{Text, pick};
use crate::widgets::ConfirmButton;

pub(super) fn accounts_tab(page: &Page, data: &Rc<Data>, ix: &Index) -> Html {
    let l = page.l();
    let ui = page.ui();
    let query = ui.query(Tab::Accounts);
    let mut users: Vec<&UserView> = data.users.iter().collect();
    users.sort_by(|a, b| {
        (a.role == Role::StoreManager, a.role, &a.login).cmp(&(b.role == Role::StoreManager, b.role, &b.login))
    });
    let total = users.len();
    let shown: Vec<&UserView> = users
        .into_iter()
        .filter(|u| {
            let store = u.store.and_then(|s| ix.stores.get(&s));
            ui.role_filter.is_none_or(|r| r == u.role)
                && matches(
                    query,
                    &[
                        &u.name,
                        &u.login,
                        u.role.name_zh(),
                        u.role.name_en(),
                        store.map_or("", |s| s.value.name.as_str()),
                        store.map_or("", |s| s.value.code.as_str()),
                        store.map_or("", |s| s.value.city.as_str()),
                    ],
                )
        })
        .collect();
    let role_options: Vec<(String, String)> =
        Role::ALL.into_iter().map(|r| (role_slug(r), role_name(l, r).to_owned())).collect();
    let on_role = {
        let page = page.clone();
        Callback::from(move |value: String| {
            let role = Role::ALL.into_iter().find(|r| role_slug(*r) == value);
            page.update(move |ui| ui.role_filter = role);
        })
    };
    let filters = html! {
        <Picker id="admin-filter-role" label={AttrValue::from(pick(l, "角色", "Role"))} options={role_options}
            value={ui.role_filter.map(role_slug).unwrap_or_default()} empty={AttrValue::from(pick(l, "全部角色", "All roles"))}
            lang={l} onchange={on_role} />
    };
    let (managers, staff): (Vec<&UserView>, Vec<&UserView>) =
        shown.iter().copied().partition(|u| u.role == Role::StoreManager);
    let staff_empty = staff.is_empty();
    let buttons = form_button(page, Form::User, "new-user-open", pick(l, "新建账号", "New account"));
    html! {
        <section class="card" id="users">
            <h2>{ page.ctx.t(Text::Users) }</h2>
            { toolbar(page, Tab::Accounts, pick(l, "搜索姓名、用户名、角色或门店", "Search by name, login, role or store"), filters, buttons) }
            if ui.form == Some(Form::User) { <NewUserForm page={page.clone()} data={data.clone()} /> }
            { count_line(l, shown.len(), total, "个账号", "accounts") }
            if shown.is_empty() {
                <p class="empty">{ pick(l, "没有符合条件的账号", "No account matches") }</p>
            } else {
                <ul class="admin-list" id="user-list">{ for staff.into_iter().map(|u| user_row(page, ix, u)) }</ul>
                // The stores' accounts fold away until searched for, filtered or opened.
                if !managers.is_empty() {
                    <details id="user-managers" open={!query.is_empty() || ui.role_filter.is_some() || staff_empty}>
                        <summary>{ match l {
                            Lang::Zh => format!("店长账号（{}个）", managers.len()),
                            Lang::En => format!("Store manager accounts ({})", managers.len()),
                        } }</summary>
                        <ul class="admin-list" id="user-list-managers">{ for managers.into_iter().map(|u| user_row(page, ix, u)) }</ul>
                    </details>
                }
            }
        </section>
    }
}

fn store_options(l: Lang, ix: &Index) -> Vec<(String, String)> {
    let mut stores: Vec<&&Record<Store>> = ix.stores.values().collect();
    stores.sort_by(|a, b| a.value.code.cmp(&b.value.code));
    stores.into_iter().map(|s| (s.value.id.to_string(), paren(l, &s.value.name, &s.value.code))).collect()
}

fn user_row(page: &Page, ix: &Index, user: &UserView) -> Html {
    let l = page.l();
    let login = &user.login;
    let who = paren(l, &user.name, login);
    let editing = match &page.ui().editing {
        Some(Editing::User { user: u, role, store, lang }) if u.id == user.id => Some((*role, *store, *lang)),
        _ => None,
    };
    let start = {
        let user = user.clone();
        move || Editing::User { user: user.clone(), role: user.role, store: user.store, lang: user.lang }
    };
    let mut meta = vec![role_name(l, user.role).to_owned()];
    if let Some(store) = user.store {
        meta.push(ix.store_label(l, store));
    }
    let revealed = match &page.ui().revealed {
        Some((id, password)) if *id == user.id => {
            let hide = {
                let page = page.clone();
                Callback::from(move |_: MouseEvent| page.update(|ui| ui.revealed = None))
            };
            html! {
                <div class="new-password" id={format!("new-password-{login}")} role="status">
                    <p>
                        { if l == Lang::En { format!("New password for {who}: ") } else { format!("{who}的新密码：") } }
                        <code class="password">{ password.clone() }</code>
                        { pick(l, "，请当面告知本人。", " — tell them in person.") }
                    </p>
                    <button type="button" class="secondary" id={format!("hide-password-{login}")} onclick={hide}>
                        { pick(l, "隐藏", "Hide") }
                    </button>
                </div>
            }
        }
        _ => html! {},
    };
    html! {
        <li class={classes!("admin-row", "user-row", user.disabled.then_some("disabled"), editing.is_some().then_some("editing"))}
            key={user.id.to_string()} data-login={login.clone()}>
            <div class="admin-row-line">
                <div class="row-main">
                    <span class="row-title">{ who.clone() }</span>
                    <span class="row-meta">{ meta.join(" · ") }</span>
                </div>
                <div class="row-side">
                    if user.disabled { <span class="badge status-disabled">{ pick(l, "已停用", "Disabled") }</span> }
                    { edit_button(page, format!("edit-user-{login}"), editing.is_some(), start) }
                </div>
            </div>
            { revealed }
            if let Some((role, store, lang)) = editing { { user_editor(page, ix, user, role, store, lang) } }
            { notice_at(page, &Spot::User(user.id)) }
        </li>
    }
}

fn user_editor(page: &Page, ix: &Index, user: &UserView, role: Role, store: Option<StoreId>, lang: Lang) -> Html {
    let l = page.l();
    let login = user.login.clone();
    let who = paren(l, &user.name, &login);
    let change = |apply: fn(&mut Role, &mut Option<StoreId>, &mut Lang, String)| {
        let page = page.clone();
        Callback::from(move |value: String| {
            page.update(move |ui| {
                if let Some(Editing::User { role, store, lang, .. }) = &mut ui.editing {
                    apply(role, store, lang, value);
                }
            })
        })
    };
    let role_options: Vec<(String, String)> =
        Role::ALL.into_iter().map(|r| (role_slug(r), role_name(l, r).to_owned())).collect();
    let lang_options: Vec<(String, String)> =
        [Lang::Zh, Lang::En].into_iter().map(|g| (lang_slug(g).to_owned(), lang_name(g).to_owned())).collect();
    let store_kept = if role == Role::StoreManager { store } else { None };
    let changed = role != user.role || store_kept != user.store || lang != user.lang;
    let save_key = format!("save-user-{login}");
    let on_save = {
        let (page, user, key) = (page.clone(), user.clone(), save_key.clone());
        Callback::from(move |()| {
            if role == Role::StoreManager && store_kept.is_none() {
                let error = FieldError::new("store", &Message::Required);
                page.say(Spot::User(user.id), field_message(l, What::User, &error), false);
                return;
            }
            let body = UserUpdate { version: user.version, role, store: store_kept, disabled: user.disabled, lang };
            let (id, who) = (user.id.to_string(), paren(l, &user.name, &user.login));
            page.write(
                key.clone(),
                Spot::User(user.id),
                What::User,
                async move { api::call::<UpdateUser>(&[&id], &body).await },
                move |_| colon(l, crate::i18n::t(l, Text::SavedOk), &who),
            );
        })
    };
    // Disabling asks first; enabling does not.
    let own = user.id == page.ctx.me.user;
    let toggle_key = format!("toggle-{login}");
    let toggle_to = |disabled: bool| {
        let (page, user, key) = (page.clone(), user.clone(), toggle_key.clone());
        Callback::from(move |()| {
            let body =
                UserUpdate { version: user.version, role: user.role, store: user.store, disabled, lang: user.lang };
            let (id, who) = (user.id.to_string(), paren(l, &user.name, &user.login));
            page.write(
                key.clone(),
                Spot::User(user.id),
                What::User,
                async move { api::call::<UpdateUser>(&[&id], &body).await },
                move |_| {
                    if disabled {
                        if l == Lang::En {
                            format!("{who}'s account is disabled")
                        } else {
                            format!("已停用{who}的账号")
                        }
                    } else if l == Lang::En {
                        format!("{who}'s account is enabled again")
                    } else {
                        format!("已启用{who}的账号")
                    }
                },
            );
        })
    };
    let toggle = if user.disabled {
        send_button(page, &toggle_key, pick(l, "启用账号", "Enable the account"), false, toggle_to(false))
    } else {
        let question = if l == Lang::En {
            format!("Disable {who}'s account? They are logged out at once and cannot log in until it is enabled again.")
        } else {
            format!("停用 {who}的账号？此人会立即退出登录，重新启用前不能再登录。")
        };
        html! {
            <ConfirmButton id={toggle_key.clone()} class={classes!("secondary", "toggle-user")}
                label={pick(l, "停用账号", "Disable the account")} question={question} lang={l}
                on_confirm={toggle_to(true)} disabled={own} busy={page.busy(&toggle_key)} />
        }
    };
    let reset_key = format!("reset-{login}");
    let reset = {
        let (page, user, key) = (page.clone(), user.clone(), reset_key.clone());
        Callback::from(move |()| {
            let Some(password) = new_password() else {
                page.say(Spot::User(user.id), no_password(l), false);
                return;
            };
            let body = PasswordReset { password: password.clone() };
            let (id, user_id, who) = (user.id.to_string(), user.id, paren(l, &user.name, &user.login));
            let shown = page.clone();
            page.write(
                key.clone(),
                Spot::User(user.id),
                What::User,
                async move { api::call::<ResetPassword>(&[&id], &body).await },
                move |()| {
                    shown.update(move |ui| ui.revealed = Some((user_id, password)));
                    if l == Lang::En {
                        format!("{who}'s password is reset")
                    } else {
                        format!("已重置{who}的密码")
                    }
                },
            );
        })
    };
    let reset_question = if l == Lang::En {
        format!("Reset the password of {who}? They are logged out at once and log in again with the new password.")
    } else {
        format!("重置 {who}的密码？此人会立即退出登录，需用新密码重新登录。")
    };
    html! {
        <div class="admin-editor" id={format!("user-editor-{login}")}>
            <div class="admin-fields">
                { field(pick(l, "角色", "Role"), html! {
                    <Picker id={format!("user-role-{login}")} options={role_options.clone()} value={role_slug(role)} lang={l}
                        onchange={change(|role, _, _, v| if let Some(r) = Role::ALL.into_iter().find(|r| role_slug(*r) == v) { *role = r; })} />
                }) }
                if role == Role::StoreManager {
                    { field(page.ctx.t(Text::Store), html! {
                        <Picker id={format!("user-store-{login}")} options={store_options(l, ix)}
                            value={store.map(|s| s.to_string()).unwrap_or_default()} lang={l}
                            onchange={change(|_, store, _, v| *store = v.parse().ok().map(StoreId))} />
                    }) }
                }
                { field(pick(l, "界面语言", "Language"), html! {
                    <Picker id={format!("user-lang-{login}")} options={lang_options} value={lang_slug(lang)} lang={l}
                        onchange={change(|_, _, lang, v| *lang = if v == "en" { Lang::En } else { Lang::Zh })} />
                }) }
            </div>
            <div class="buttons">{ send_button(page, &save_key, page.ctx.t(Text::Save), !changed, on_save) }</div>
            <div class="admin-danger">
                { toggle }
                <ConfirmButton id={reset_key.clone()} class={classes!("secondary", "reset-password")}
                    label={pick(l, "重置密码", "Reset the password")} question={reset_question} lang={l}
                    on_confirm={reset} busy={page.busy(&reset_key)} />
            </div>
            if own { <p class="hint">{ pick(l, "这是您自己的账号：不能停用。", "This is your own account: it cannot be disabled.") }</p> }
        </div>
    }
}

#[derive(Clone, PartialEq, Default)]
struct UserFields {
    login: String,
    name: String,
    password: String,
    show_password: bool,
    role: Option<Role>,
    store: Option<StoreId>,
    person: Option<PersonId>,
}

#[function_component(NewUserForm)]
fn new_user_form(props: &DataFormProps) -> Html {
    let fields = use_reducer(|| Cell(UserFields::default()));
    let page = &props.page;
    let l = page.l();
    let ix = Index::new(&props.data);
    let set = |change: fn(&mut UserFields, String)| {
        let fields = fields.clone();
        Callback::from(move |value: String| fields.dispatch(Box::new(move |f| change(f, value))))
    };
    let generate = {
        let (fields, page) = (fields.clone(), page.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(password) = new_password() else {
                page.say(Spot::NewUser, no_password(l), false);
                return;
            };
            fields.dispatch(Box::new(move |f| {
                f.password = password;
                f.show_password = true;
            }));
        })
    };
    let submit = {
        let (page, fields) = (page.clone(), fields.clone());
        Callback::from(move |()| {
            let f = fields.0.clone();
            let login = f.login.trim().to_owned();
            let name = f.name.trim().to_owned();
            let mut problems = Vec::new();
            if login.is_empty() {
                problems.push(field_message(l, What::User, &FieldError::new("login", &Message::Required)));
            } else if login.chars().any(char::is_whitespace) {
                problems.push(colon(l, pick(l, "用户名", "Login name"), pick(l, "不能包含空格", "no spaces, please")));
            } else if login.chars().count() > LOGIN_MAX_CHARS {
                let error = FieldError::new("login", &Message::TooLong { max_chars: LOGIN_MAX_CHARS });
                problems.push(field_message(l, What::User, &error));
            }
            if f.person.is_none() && name.is_empty() {
                problems.push(field_message(l, What::User, &FieldError::new("name", &Message::Required)));
            }
            if f.password.chars().count() < PASSWORD_MIN_CHARS {
                let error = FieldError::new("password", &Message::PasswordTooShort { min_chars: PASSWORD_MIN_CHARS });
                problems.push(field_message(l, What::User, &error));
            }
            match f.role {
                None => problems.push(choose_one(l, What::User, "role")),
                Some(Role::StoreManager) if f.store.is_none() => {
                    problems.push(field_message(l, What::User, &FieldError::new("store", &Message::Required)));
                }
                _ => {}
            }
            let Some(role) = f.role.filter(|_| problems.is_empty()) else {
                page.say(Spot::NewUser, problems.join(pick(l, "；", "; ")), false);
                return;
            };
            let body = NewUser {
                login,
                password: f.password,
                role,
                person: f.person,
                name: if f.person.is_some() { String::new() } else { name },
                store: if role == Role::StoreManager { f.store } else { None },
            };
            let fields = fields.clone();
            page.write(
                "new-user-submit".into(),
                Spot::NewUser,
                What::User,
                async move { api::call::<CreateUser>(&[], &body).await },
                move |created: UserView| {
                    fields.dispatch(Box::new(|f| *f = UserFields::default()));
                    colon(l, pick(l, "已新建账号", "Account created"), &paren(l, &created.name, &created.login))
                },
            );
        })
    };
    let f = &fields.0;
    // People on the org chart without an account yet may get one.
    let mut loose: Vec<&Record<Person>> =
        props.data.org.people.iter().filter(|p| !ix.accounts.contains_key(&p.value.id)).collect();
    loose.sort_by(|a, b| a.value.name.cmp(&b.value.name));
    let person_options: Vec<(String, String)> =
        loose.iter().map(|p| (p.value.id.to_string(), p.value.name.clone())).collect();
    let role_options: Vec<(String, String)> =
        Role::ALL.into_iter().map(|r| (role_slug(r), role_name(l, r).to_owned())).collect();
    html! {
        <div class="admin-form form" id="new-user">
            <h3>{ pick(l, "新建账号", "New account") }</h3>
            <div class="admin-fields">
                { field(page.ctx.t(Text::LoginName), html! {
                    <input id="new-user-login" autocomplete="off" autocapitalize="none" value={f.login.clone()}
                        oninput={on_input(set(|f, v| f.login = v))} />
                }) }
                if !person_options.is_empty() {
                    { field(pick(l, "人员", "Person"), html! {
                        <Picker id="new-user-person" options={person_options}
                            value={f.person.map(|p| p.to_string()).unwrap_or_default()}
                            empty={AttrValue::from(pick(l, "新建人员（填写姓名）", "A new person (enter the name)"))} lang={l}
                            onchange={set(|f, v| f.person = v.parse().ok().map(PersonId))} />
                    }) }
                }
                if f.person.is_none() {
                    { field(pick(l, "姓名", "Name"), text_input("new-user-name".into(), &f.name, on_input(set(|f, v| f.name = v)))) }
                }
                { field(page.ctx.t(Text::Password), html! {
                    <div class="admin-inline">
                        <input id="new-user-password" type={if f.show_password { "text" } else { "password" }}
                            autocomplete="new-password" value={f.password.clone()} oninput={on_input(set(|f, v| f.password = v))} />
                        <button type="button" class="secondary" id="new-user-generate" onclick={generate}>{ pick(l, "生成", "Generate") }</button>
                    </div>
                }) }
                { field(pick(l, "角色", "Role"), html! {
                    <Picker id="new-user-role" options={role_options} value={f.role.map(role_slug).unwrap_or_default()} lang={l}
                        onchange={set(|f, v| f.role = Role::ALL.into_iter().find(|r| role_slug(*r) == v))} />
                }) }
                if f.role == Some(Role::StoreManager) {
                    { field(page.ctx.t(Text::Store), html! {
                        <Picker id="new-user-store" options={store_options(l, &ix)}
                            value={f.store.map(|s| s.to_string()).unwrap_or_default()} lang={l}
                            onchange={set(|f, v| f.store = v.parse().ok().map(StoreId))} />
                    }) }
                }
            </div>
            <p class="hint">{ if l == Lang::En {
                format!("A password needs at least {PASSWORD_MIN_CHARS} characters; tell it to the person in person.")
            } else {
                format!("密码至少{PASSWORD_MIN_CHARS}个字符，请当面告知本人。")
            } }</p>
            <div class="buttons">{ send_button(page, "new-user-submit", pick(l, "新建账号", "Create the account"), false, submit) }</div>
            { notice_at(page, &Spot::NewUser) }
        </div>
    }
}

/// A new password that can be read out and typed on a tablet: three groups of four
/// letters and digits, without look-alikes (0/o, 1/l/i), drawn from the browser's
/// cryptographic generator. `None` when the browser has none: a password from
/// `Math.random` could be guessed, so there is none rather than a weak one.
fn new_password() -> Option<String> {
    // Enough bytes that twelve survive the rejection of the biased top of the range
    // (each is kept with probability 248/256) with overwhelming probability; else again.
    for _ in 0..4 {
        let mut bytes = [0u8; 32];
        if !crate::api::random_bytes(&mut bytes) {
            return None;
        }
        if let Some(password) = password_from(&bytes) {
            return Some(password);
        }
    }
    None
}

const PASSWORD_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// The password the random `bytes` make, or `None` if fewer than twelve are usable. A
/// byte beyond the last whole multiple of the alphabet's length is skipped, so that
/// every character is equally likely (a plain `%` would favour the first eight).
fn password_from(bytes: &[u8]) -> Option<String> {
    let n = PASSWORD_ALPHABET.len();
    let limit = 256 - 256 % n;
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| usize::from(*b))
        .filter(|b| *b < limit)
        .filter_map(|b| PASSWORD_ALPHABET.get(b % n).map(|c| char::from(*c)))
        .take(12)
        .collect();
    (chars.len() == 12).then(|| chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-"))
}

/// What the page says when the browser cannot make a password.
fn no_password(l: Lang) -> String {
    pick(
        l,
        "此浏览器无法生成安全的随机密码，请手动输入密码或更新浏览器。",
        "This browser cannot make a secure random password; type one in, or update the browser.",
    )
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::password_from;

    #[test]
    fn passwords_skip_the_biased_bytes() {
        // 248..=255 lie beyond the last whole multiple of the 31 letters: never used.
        let mut bytes = vec![255u8; 8];
        bytes.extend(0u8..12);
        assert_eq!(password_from(&bytes).as_deref(), Some("abcd-efgh-jkmn"));
        // 31 maps to the first letter again, as 0 does.
        assert_eq!(password_from(&[31u8; 12]).as_deref(), Some("aaaa-aaaa-aaaa"));
        assert_eq!(password_from(&[250u8; 32]), None);
        assert_eq!(password_from(&[1u8; 11]), None);
    }
}

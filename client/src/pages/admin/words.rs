//! The administration page's words: names of roles, provinces, statuses and kinds, small
//! phrasings, search matching, and what went wrong with a write in the users' words.

use shared::messages::FieldError;
use shared::org::{OrgUnitKind, Province, Role, StoreStatus};
use shared::{Lang, RuleCode};

use crate::api::CallError;
use crate::i18n::pick;

pub(super) fn role_name(l: Lang, role: Role) -> &'static str {
    if l == Lang::En { role.name_en() } else { role.name_zh() }
}

pub(super) fn province_name(l: Lang, province: Province) -> &'static str {
    match province {
        Province::Heilongjiang => pick(l, "黑龙江", "Heilongjiang"),
        Province::Jilin => pick(l, "吉林", "Jilin"),
        Province::InnerMongolia => pick(l, "内蒙古", "Inner Mongolia"),
    }
}

pub(super) const STATUSES: [StoreStatus; 3] = [StoreStatus::Open, StoreStatus::Preparing, StoreStatus::Closed];

pub(super) fn status_name(l: Lang, status: StoreStatus) -> &'static str {
    match status {
        StoreStatus::Open => pick(l, "营业", "Open"),
        StoreStatus::Preparing => pick(l, "筹备中", "Preparing"),
        StoreStatus::Closed => pick(l, "已关闭", "Closed"),
    }
}

pub(super) fn status_slug(status: StoreStatus) -> &'static str {
    match status {
        StoreStatus::Open => "open",
        StoreStatus::Preparing => "preparing",
        StoreStatus::Closed => "closed",
    }
}

pub(super) const KINDS: [OrgUnitKind; 3] = [OrgUnitKind::Department, OrgUnitKind::Group, OrgUnitKind::Layer];

pub(super) fn kind_name(l: Lang, kind: OrgUnitKind) -> &'static str {
    match kind {
        OrgUnitKind::Layer => pick(l, "管理层", "Layer"),
        OrgUnitKind::Department => pick(l, "部门", "Department"),
        OrgUnitKind::Group => pick(l, "组", "Group"),
    }
}

pub(super) fn kind_slug(kind: OrgUnitKind) -> &'static str {
    match kind {
        OrgUnitKind::Layer => "layer",
        OrgUnitKind::Department => "department",
        OrgUnitKind::Group => "group",
    }
}

pub(super) fn lang_name(lang: Lang) -> &'static str {
    if lang == Lang::En { "English" } else { "中文" }
}

pub(super) fn lang_slug(lang: Lang) -> &'static str {
    if lang == Lang::En { "en" } else { "zh" }
}

pub(super) fn role_slug(role: Role) -> String {
    format!("{role:?}")
}

/// "张三（zhangsan）" / "张三 (zhangsan)".
pub(super) fn paren(l: Lang, a: &str, b: &str) -> String {
    if l == Lang::En { format!("{a} ({b})") } else { format!("{a}（{b}）") }
}

/// "已保存：鸡西店" / "Saved: …".
pub(super) fn colon(l: Lang, a: &str, b: &str) -> String {
    if l == Lang::En { format!("{a}: {b}") } else { format!("{a}：{b}") }
}

/// Names in a list, at most `max` of them ("曹雪、王赫等5人").
pub(super) fn names(l: Lang, all: &[String], max: usize) -> String {
    let sep = pick(l, "、", ", ");
    if all.len() <= max {
        return all.join(sep);
    }
    let shown = all.iter().take(max).cloned().collect::<Vec<_>>().join(sep);
    if l == Lang::En { format!("{shown} and {} more", all.len() - max) } else { format!("{shown}等{}人", all.len()) }
}

/// Splits a typed list ("活动策划；方案撰写") into its items.
pub(super) fn items(text: &str) -> Vec<String> {
    text.split(['；', ';', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// Every word of the query is in one of the fields (case-insensitive; Chinese by substring).
pub(super) fn matches(query: &str, fields: &[&str]) -> bool {
    query.split_whitespace().all(|word| {
        let word = word.to_lowercase();
        fields.iter().any(|f| f.to_lowercase().contains(&word))
    })
}

// ---------------------------------------------------------------------------------------
// Errors in the users' words

/// What a form writes: decides what its fields are called.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum What {
    Store,
    User,
    Unit,
    Position,
    Person,
}

/// The field's name in the user's language, from the code path the server names
/// (`value.name`, `stores_covered[3]`, `password`); None for codes this page does not use.
fn field_label(l: Lang, what: What, field: &str) -> Option<&'static str> {
    let field = field.trim_start_matches("value.");
    let base = field.split(['[', '.']).next().unwrap_or(field);
    let (zh, en) = match (what, base) {
        (What::Store, "code") => ("门店编码", "Store code"),
        (What::Store, "name") => ("门店名称", "Store name"),
        (What::Store, "city") => ("城市", "City"),
        (What::Store, "address") => ("地址", "Address"),
        (What::Store, "province") => ("省份", "Province"),
        (What::Store, "status") => ("状态", "Status"),
        (What::Unit, "name") => ("部门名称", "Name"),
        (What::Unit, "goal") => ("部门目标", "Goal"),
        (What::Unit, "parent") => ("上级部门", "Parent unit"),
        (What::Unit, "responsibilities") => ("职责", "Responsibilities"),
        (What::Position, "title") => ("岗位名称", "Position title"),
        (What::Position, "unit") => ("所属部门", "Department"),
        (What::Position, "duties") => ("工作职责", "Duties"),
        (What::Position, "authorities") => ("工作权限", "Authorities"),
        (What::Position, "key_indicators") => ("关键指标", "Key indicators"),
        (What::Position, "reports_to") => ("直接上级", "Reports to"),
        (What::Person | What::User, "name") => ("姓名", "Name"),
        (What::Person, "contact") => ("联系方式", "Contact"),
        (_, "positions") => ("岗位", "Positions"),
        (_, "stores_covered") => ("负责门店", "Stores covered"),
        (_, "login") => ("用户名", "Login name"),
        (_, "password") => ("密码", "Password"),
        (_, "role") => ("角色", "Role"),
        (_, "store") => ("门店", "Store"),
        (_, "person") => ("人员", "Person"),
        _ => return None,
    };
    Some(if l == Lang::En { en } else { zh })
}

/// "密码：至少需要8个字符": the field in the user's words, then the rule's message (without
/// repeating the field's name); an unknown field shows the message alone.
pub(super) fn field_message(l: Lang, what: What, error: &FieldError) -> String {
    let field = error.field.trim_start_matches("value.");
    let special = match (error.code, field) {
        (RuleCode::AlreadyDone, "login") => {
            Some(pick(l, "这个用户名已被使用，请换一个", "This login name is taken; choose another"))
        }
        (RuleCode::AlreadyDone, "code") => {
            Some(pick(l, "这个编码已被其他门店使用", "Another store already has this code"))
        }
        (RuleCode::Forbidden, "role") => Some(pick(
            l,
            "不能停用自己的账号，也不能取消自己的管理员身份",
            "You cannot disable your own account or stop being an administrator",
        )),
        _ => None,
    };
    let message = special.unwrap_or_else(|| error.message(l));
    match field_label(l, what, &error.field) {
        Some(label) => {
            let rest = message.strip_prefix(label).filter(|r| !r.trim().is_empty()).unwrap_or(message);
            colon(l, label, rest)
        }
        None => message.to_owned(),
    }
}

pub(super) fn describe_fields(l: Lang, what: What, errors: &[FieldError]) -> String {
    errors.iter().map(|e| field_message(l, what, e)).collect::<Vec<_>>().join(pick(l, "；", "; "))
}

/// What went wrong with a write, in the user's words.
pub(super) fn describe(l: Lang, what: What, error: &CallError) -> String {
    match error {
        CallError::Network => pick(
            l,
            "无法连接服务器，未保存。请检查网络后再试一次。",
            "Cannot reach the server; nothing was saved. Check the connection and try again.",
        )
        .to_owned(),
        CallError::Api { error, .. } if error.code == RuleCode::StaleVersion => pick(
            l,
            "这条记录刚被其他人修改过，已载入最新内容，请重新操作。",
            "Someone else just changed this; the latest is loaded now. Please do it again.",
        )
        .to_owned(),
        CallError::Api { error, .. } => {
            let fields: Vec<FieldError> = error.fields.iter().filter(|f| !f.field.is_empty()).cloned().collect();
            if fields.is_empty() {
                if l == Lang::En { error.message_en.clone() } else { error.message_zh.clone() }
            } else {
                describe_fields(l, what, &fields)
            }
        }
    }
}

pub(super) fn choose_one(l: Lang, what: What, field: &str) -> String {
    colon(l, field_label(l, what, field).unwrap_or_default(), pick(l, "请选择", "choose one"))
}

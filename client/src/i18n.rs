//! Every user-facing string of the client, in Chinese (the default) and English. Rule
//! messages are not here: they come from `shared::messages`, as the server's do.

use shared::Lang;

/// Keys of the UI catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    AppTitle,
    SwitchLanguage,
    NewVideoRequest,
    Title,
    Store,
    DueOn,
    Notes,
    Submit,
    Submitting,
    EarliestDue,
    FixBeforeSubmit,
    Loading,
    RequestsHeading,
    NoRequests,
    RequestedOn,
    ServerUnreachable,
}

pub fn t(lang: Lang, text: Text) -> &'static str {
    match lang {
        Lang::Zh => zh(text),
        Lang::En => en(text),
    }
}

fn zh(text: Text) -> &'static str {
    match text {
        Text::AppTitle => "品牌营销中心 · 活动工作台",
        Text::SwitchLanguage => "English",
        Text::NewVideoRequest => "新建影视制作申请",
        Text::Title => "申请标题",
        Text::Store => "门店",
        Text::DueOn => "需要完成日期",
        Text::Notes => "需求说明",
        Text::Submit => "提交申请",
        Text::Submitting => "正在提交…",
        Text::EarliestDue => "最早可选日期",
        Text::FixBeforeSubmit => "请先修改以下内容再提交：",
        Text::Loading => "正在加载…",
        Text::RequestsHeading => "影视制作申请",
        Text::NoRequests => "暂无申请",
        Text::RequestedOn => "申请日期",
        Text::ServerUnreachable => "无法连接服务器，请检查网络后重试",
    }
}

fn en(text: Text) -> &'static str {
    match text {
        Text::AppTitle => "Brand Marketing Center · Campaign Desk",
        Text::SwitchLanguage => "中文",
        Text::NewVideoRequest => "New video request",
        Text::Title => "Title",
        Text::Store => "Store",
        Text::DueOn => "Due date",
        Text::Notes => "Needs",
        Text::Submit => "Submit request",
        Text::Submitting => "Submitting…",
        Text::EarliestDue => "Earliest allowed date",
        Text::FixBeforeSubmit => "Fix these before submitting:",
        Text::Loading => "Loading…",
        Text::RequestsHeading => "Video requests",
        Text::NoRequests => "No requests yet",
        Text::RequestedOn => "Requested on",
        Text::ServerUnreachable => "Cannot reach the server; check the connection and try again",
    }
}

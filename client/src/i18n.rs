//! Every user-facing string of the client, in Chinese (the default) and English: the
//! shared words in one catalog (`Text`), and words only one page uses beside their page
//! as a pair (`pick(l, "中文", "English")`). Rule messages are not here: they come from `shared::messages`, as the
//! server's do, and names of stages, types and roles come from `shared` too.

use chrono::NaiveDate;
use shared::Lang;
use shared::campaign::{CampaignType, Stage};
use shared::messages::format_date;
use shared::workflow::ActionKind;

macro_rules! catalog {
    ($($(#[$only:meta])* $key:ident => $zh:expr, $en:expr;)+) => {
        /// Keys of the UI catalog. Words only the staff's pages use are marked
        /// `#[cfg(feature = "staff")]`: the store managers' app does not carry them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Text { $($(#[$only])* $key,)+ }

        pub fn t(lang: Lang, text: Text) -> &'static str {
            match (lang, text) {
                $(
                    $(#[$only])* (Lang::Zh, Text::$key) => $zh,
                    $(#[$only])* (Lang::En, Text::$key) => $en,
                )+
            }
        }
    };
}

catalog! {
    AppTitle => "品牌营销中心 · 活动工作台", "Brand Marketing Center · Campaign Desk";
    SwitchLanguage => "English", "中文";
    LogIn => "登录", "Log in";
    LogOut => "退出", "Log out";
    LoginName => "用户名", "Login name";
    Password => "密码", "Password";
    LoggingIn => "正在登录…", "Logging in…";
    Loading => "正在加载…", "Loading…";
    Offline => "无法连接服务器。已填写的内容保存在本机，恢复连接后会自动提交。", "Cannot reach the server. What you entered is kept on this tablet and sent once the connection is back.";
    PendingSends => "待提交", "Waiting to send";
    NeedsMe => "需要我处理", "Needs me";
    NothingNeedsMe => "目前没有需要门店处理的事项", "Nothing needs the store right now";
    ConfirmPlanTask => "确认方案", "Confirm the plan";
    ConfirmDeliveryTask => "确认到货", "Confirm the delivery";
    RateTask => "评价活动", "Rate the campaign";
    OtherCampaigns => "其他活动", "Other campaigns";
    NoCampaigns => "暂无活动", "No campaigns";
    NewRequest => "新建申请", "New request";
    WorkingDaysLeft => "剩余工作日", "Working days left";
    Due => "截止", "Due";
    Starts => "开始", "Starts";
    Ends => "结束", "Ends";
    Title => "活动名称", "Title";
    StartsOn => "活动开始日期", "Start date";
    EndsOn => "活动结束日期", "End date";
    DueOn => "需要完成日期", "Due date";
    Wishes => "门店需求", "The store's wishes";
    Policy => "政策要求", "Policy";
    BudgetHint => "预算参考", "Budget hint";
    Submit => "提交申请", "Submit request";
    Submitting => "正在提交…", "Submitting…";
    EarliestDue => "最早可选日期", "Earliest allowed date";
    FixBeforeSubmit => "请先修改以下内容再提交：", "Fix these before submitting:";
    QueuedOffline => "网络不通，已保存，恢复连接后自动提交", "Offline: saved, and sent automatically once the connection is back";
    ChooseType => "选择申请类型", "Choose what to request";
    Handler => "负责策划", "Handled by";
    #[cfg(feature = "staff")]
    CalendarImport => "工作日历导入", "Import a calendar year";
    #[cfg(feature = "staff")]
    CalendarImportHint => "粘贴或选择国务院放假安排（JSON 或 .ics 日历文件），先核对下方预览再保存。", "Paste or pick the State Council's arrangement (JSON or an .ics calendar file); check the preview below before saving.";
    #[cfg(feature = "staff")]
    CalendarFile => "日历文件", "Calendar file";
    #[cfg(feature = "staff")]
    Year => "年份", "Year";
    #[cfg(feature = "staff")]
    LeadTimeNowShort => "按新日历，以下影视制作的交付日期已不足10个工作日，已提醒负责人：", "On the new calendar these video jobs are now inside the 10-working-day lead time; their assignees are told:";
    Provisional => "暂估", "estimate";
    LeadTimeShort => "工作日历更新后交付期不足", "Lead time short since the calendar changed";
    Timeline => "进度", "Progress";
    History => "办理记录", "History";
    Plan => "活动方案", "Plan";
    PlanNotApproved => "方案尚未审批", "The plan is not approved yet";
    Item => "项目", "Item";
    Amount => "金额（元）", "Amount (CNY)";
    Total => "合计", "Total";
    DesignFiles => "设计稿", "Design drafts";
    Photos => "照片", "Photos";
    ConfirmPlan => "门店确认", "Store confirmation";
    Materials => "制作物料", "Materials";
    Gifts => "促销品", "Promotional gifts";
    Size => "尺寸", "Size";
    ShipOn => "发货时间", "Ship date";
    #[cfg(feature = "staff")]
    AddRow => "添加一行", "Add a row";
    Remove => "删除", "Remove";
    AskChanges => "要求修改", "Ask for changes";
    Comment => "意见", "Comment";
    ConfirmDelivery => "到店确认", "Confirm delivery";
    Expected => "应到", "Expected";
    Received => "实到", "Received";
    Damaged => "损坏", "Damaged";
    Note => "备注", "Note";
    TakePhoto => "拍照上传", "Take a photo";
    Uploading => "正在上传…", "Uploading…";
    AskHelp => "申请现场支持", "Ask for on-site help";
    HelpPhotography => "摄影摄像", "Photography";
    HelpExecution => "市场执行", "Market execution";
    Send => "提交", "Send";
    Rate => "满意度评价", "Rating";
    Satisfied => "满意", "Satisfied";
    NotSatisfied => "不满意", "Not satisfied";
    ReportSales => "上报销售额", "Report sales";
    SalesAmount => "销售额（元）", "Sales (CNY)";
    Conflict => "这个活动刚被其他人更新了。您填写的内容还在，请查看最新进度后再提交。", "Someone else just updated this campaign. Your input is kept; check the latest progress, then submit again.";
    Reload => "查看最新", "Show the latest";
    NotFound => "找不到这个页面或活动", "This page or campaign does not exist";
    BackHome => "返回首页", "Back to the home page";
    Store => "门店", "Store";
    Requested => "立项日期", "Opened";
    Refresh => "刷新", "Refresh";
    Refreshing => "正在刷新…", "Refreshing…";
    Refreshed => "已刷新，显示的是最新内容", "Refreshed: this is the latest";
    NothingKept => "离线，本机还没有保存这一页的内容，恢复连接后会自动显示", "Offline: this tablet has no copy of this page yet; it shows once the connection is back";
    #[cfg(feature = "staff")]
    MyWork => "我的工作", "My work";
    #[cfg(feature = "staff")]
    AllCampaigns => "全部活动", "All campaigns";
    #[cfg(feature = "staff")]
    AssignedToMe => "我负责的", "Assigned to me";
    #[cfg(feature = "staff")]
    FilterType => "类型", "Type";
    #[cfg(feature = "staff")]
    FilterStage => "阶段", "Stage";
    #[cfg(feature = "staff")]
    FilterProvince => "省份", "Province";
    #[cfg(feature = "staff")]
    OnlyOverdue => "只看逾期", "Overdue only";
    #[cfg(feature = "staff")]
    Any => "全部", "Any";
    #[cfg(feature = "staff")]
    KpiTitle => "考核", "KPI";
    #[cfg(feature = "staff")]
    AdminTitle => "管理", "Administration";
    #[cfg(feature = "staff")]
    Month => "月份", "Month";
    #[cfg(feature = "staff")]
    Staff => "员工", "Staff";
    #[cfg(feature = "staff")]
    RatedCount => "评价数", "Ratings";
    #[cfg(feature = "staff")]
    SatisfiedCount => "满意数", "Satisfied";
    #[cfg(feature = "staff")]
    Rate12 => "满意率", "Satisfaction";
    #[cfg(feature = "staff")]
    BonusDeduction => "奖金扣罚", "Bonus deduction";
    #[cfg(feature = "staff")]
    Review => "记过或劝退", "Disciplinary review";
    #[cfg(feature = "staff")]
    ExportExcel => "导出 Excel", "Export Excel";
    #[cfg(feature = "staff")]
    ExportCsv => "导出 CSV", "Export CSV";
    #[cfg(feature = "staff")]
    Planner => "负责策划", "Planner";
    #[cfg(feature = "staff")]
    Save => "保存", "Save";
    #[cfg(feature = "staff")]
    SavedOk => "已保存", "Saved";
    #[cfg(feature = "staff")]
    PlanEditor => "方案编辑", "Plan editor";
    #[cfg(feature = "staff")]
    SaveVersion => "保存为新版本", "Save as a new version";
    #[cfg(feature = "staff")]
    CompareVersions => "版本对比", "Compare versions";
    #[cfg(feature = "staff")]
    NoteLabel => "说明", "Note";
    #[cfg(feature = "staff")]
    Proofs => "设计稿审核", "Design proofs";
    #[cfg(feature = "staff")]
    UploadDraft => "上传设计稿", "Upload a draft";
    #[cfg(feature = "staff")]
    Pass => "通过", "Pass";
    #[cfg(feature = "staff")]
    SendBackRound => "退回修改", "Send back";
    #[cfg(feature = "staff")]
    PinHint => "点击图片可在该位置添加批注", "Tap the image to pin a comment there";
    #[cfg(feature = "staff")]
    AddComment => "添加批注", "Add the comment";
    #[cfg(feature = "staff")]
    Approval => "审批", "Approval";
    #[cfg(feature = "staff")]
    SendBack => "退回", "Send back";
    #[cfg(feature = "staff")]
    OverrideLate => "特批（逾期）", "Override (late)";
    #[cfg(feature = "staff")]
    Shipment => "发货登记", "Record a shipment";
    Tracking => "物流单号", "Tracking";
    #[cfg(feature = "staff")]
    SummaryTitle => "活动总结", "Summary";
    #[cfg(feature = "staff")]
    PrintSummary => "打印总结", "Print the summary";
    Brainstorm => "头脑风暴", "Brainstorm";
    #[cfg(feature = "staff")]
    Attendees => "参会人员（用顿号分隔）", "Attendees (separated by 、)";
    #[cfg(feature = "staff")]
    Tasks => "部门任务", "Department tasks";
    #[cfg(feature = "staff")]
    Sales => "销售数据", "Sales";
    #[cfg(feature = "staff")]
    AssignHelp => "派人支持", "Assign on-site help";
    #[cfg(feature = "staff")]
    Stores => "门店", "Stores";
    #[cfg(feature = "staff")]
    Users => "账号", "Accounts";
    #[cfg(feature = "staff")]
    ByDepartment => "按部门", "By department";
    #[cfg(feature = "staff")]
    CalendarTitle => "日历", "Calendar";
    #[cfg(feature = "staff")]
    PrevMonth => "上个月", "Previous month";
    #[cfg(feature = "staff")]
    NextMonth => "下个月", "Next month";
    #[cfg(feature = "staff")]
    HolidayMark => "休", "off";
    #[cfg(feature = "staff")]
    MakeUpMark => "班", "work";
    #[cfg(feature = "staff")]
    YearPlan => "全年节假日安排", "This year's holidays";
    #[cfg(feature = "staff")]
    AnnualPlanDue => "下年度方案截止", "Next year's plan due";
    #[cfg(feature = "staff")]
    NoCalendarData => "没有这一年的工作日历数据", "No working-day calendar for this year";
    #[cfg(feature = "staff")]
    StartNeeds => "开始需求了解", "Start the needs review";
    #[cfg(feature = "staff")]
    CompleteNeeds => "需求了解完成", "Needs reviewed";
    #[cfg(feature = "staff")]
    SubmitDraft => "提交初稿", "Send the first draft";
    #[cfg(feature = "staff")]
    SubmitForApproval => "报副总经理审核", "Send to the VP for approval";
    #[cfg(feature = "staff")]
    Approve => "批准方案", "Approve the plan";
    #[cfg(feature = "staff")]
    FinishExecution => "活动执行完毕", "Execution finished";
    #[cfg(feature = "staff")]
    CompleteProduction => "交付成片", "Deliver the video";
    UnknownStore => "其他门店", "another store";
    Sending => "提交中…", "Sending…";
    Yes => "确定", "Yes";
    No => "取消", "Cancel";
}

pub fn stage_name(lang: Lang, stage: Stage) -> &'static str {
    match lang {
        Lang::Zh => stage.name_zh(),
        Lang::En => stage.name_en(),
    }
}

/// What an action is called where people read it (history, the outbox, messages): its
/// words live with the action (`shared::workflow::Act::WORDS`).
pub fn action_label(lang: Lang, kind: ActionKind) -> &'static str {
    kind.words().label(lang)
}

/// A page's own words, in the reader's language.
pub fn pick(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::En { en } else { zh }
}

pub fn kind_name(lang: Lang, kind: CampaignType) -> &'static str {
    match lang {
        Lang::Zh => kind.name_zh(),
        Lang::En => kind.name_en(),
    }
}

pub fn date(lang: Lang, day: NaiveDate) -> String {
    format_date(day, lang)
}

/// A day within the year, short: "12月5日", "5 Dec".
pub fn short_date(lang: Lang, day: NaiveDate) -> String {
    use chrono::Datelike as _;
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    match lang {
        Lang::Zh => format!("{}月{}日", day.month(), day.day()),
        Lang::En => format!("{} {}", day.day(), MONTHS[day.month0() as usize]),
    }
}

/// Where a campaign's current stage stands on its schedule, in words: "逾期3个工作日",
/// "有逾期风险", or none when on time.
#[cfg(feature = "staff")]
pub fn standing_badge(lang: Lang, late_working_days: u32, at_risk: bool) -> Option<(&'static str, String)> {
    if late_working_days > 0 {
        Some((
            "badge overdue",
            match lang {
                Lang::Zh => format!("逾期{late_working_days}个工作日"),
                Lang::En => format!("{late_working_days} working days late"),
            },
        ))
    } else if at_risk {
        Some(("badge at-risk", pick(lang, "有逾期风险", "At risk").to_owned()))
    } else {
        None
    }
}

#[cfg(feature = "staff")]
/// Why a campaign's clock cannot be counted, short, for a list row: "无法计算：缺2029年日历".
pub fn uncounted_badge(lang: Lang, uncounted: shared::calendar::Uncounted) -> String {
    use shared::calendar::Uncounted;
    match (uncounted, lang) {
        (Uncounted::YearNotOnFile { year }, Lang::Zh) => format!("无法计算：缺{year}年日历"),
        (Uncounted::YearNotOnFile { year }, Lang::En) => format!("Not counted: no {year} calendar"),
        (Uncounted::TooFar, Lang::Zh) => "期限无法计算".to_owned(),
        (Uncounted::TooFar, Lang::En) => "Deadline not counted".to_owned(),
    }
}

#[cfg(feature = "staff")]
/// Why a campaign's clock cannot be counted, in a sentence (`shared`'s words, the same as
/// the server's), and when it will be.
pub fn uncounted_sentence(lang: Lang, uncounted: shared::calendar::Uncounted) -> String {
    use shared::calendar::Uncounted;
    match (uncounted, lang) {
        (Uncounted::YearNotOnFile { year }, Lang::Zh) => {
            format!("{}。{year}年的日历导入（或临近时按法定假日暂估）后自动计算。", uncounted.zh())
        }
        (Uncounted::YearNotOnFile { year }, Lang::En) => format!(
            "{}. It is counted once {year} is on file (imported, or estimated from the statutory holidays when it comes near).",
            uncounted.en()
        ),
        (Uncounted::TooFar, Lang::Zh) => format!("{}。", uncounted.zh()),
        (Uncounted::TooFar, Lang::En) => format!("{}.", uncounted.en()),
    }
}

/// What a person is told once the server has an action ("已确认方案，等待总部安排制作").
pub fn done_message(lang: Lang, kind: ActionKind) -> String {
    kind.words().done(lang).to_owned()
}

/// A field of a form as a person calls it, from the field path the rules name
/// (`plan.materials[0].quantity` → "制作物料第1行 · 数量"); the last part alone when the
/// path is not one the forms use.
pub fn field_name(lang: Lang, field: &str) -> String {
    let en = lang == Lang::En;
    // A budget line's amount is money planned, not a store's sales.
    #[cfg(feature = "staff")]
    let in_budget = field.contains("budget[");
    let word = |part: &str| -> Option<&'static str> {
        Some(match part {
            "title" => t(lang, Text::Title),
            "starts_on" => t(lang, Text::StartsOn),
            "ends_on" => t(lang, Text::EndsOn),
            "due_on" => t(lang, Text::DueOn),
            "ship_on" => t(lang, Text::ShipOn),
            "policy" => t(lang, Text::Policy),
            "materials" => t(lang, Text::Materials),
            "gifts" => t(lang, Text::Gifts),
            "item" => t(lang, Text::Item),
            "size" => t(lang, Text::Size),
            "quantity" => pick(lang, "数量", "quantity"),
            "received" => t(lang, Text::Received),
            "damaged" => t(lang, Text::Damaged),
            "note" => t(lang, Text::Note),
            "comment" => t(lang, Text::Comment),
            #[cfg(feature = "staff")]
            "amount" if in_budget => pick(lang, "金额（元）", "amount (CNY)"),
            "amount" => t(lang, Text::SalesAmount),
            #[cfg(feature = "staff")]
            "budget" => pick(lang, "预算", "budget"),
            "lines" => pick(lang, "明细", "the lines"),
            #[cfg(feature = "staff")]
            "supplier" => pick(lang, "供应商", "supplier"),
            #[cfg(feature = "staff")]
            "spec" => pick(lang, "规格", "spec"),
            #[cfg(feature = "staff")]
            "unit_price" => pick(lang, "单价", "unit price"),
            #[cfg(feature = "staff")]
            #[cfg(feature = "staff")]
            "forecast_sales" => pick(lang, "预计销售额", "expected sales"),
            #[cfg(feature = "staff")]
            "budget_line" => pick(lang, "预算项", "budget line"),
            #[cfg(feature = "staff")]
            "expected_on" => pick(lang, "预计到货", "expected"),
            #[cfg(feature = "staff")]
            "ordered_on" => pick(lang, "下单日期", "order date"),
            #[cfg(feature = "staff")]
            "issued_on" => pick(lang, "开票日期", "invoice date"),
            #[cfg(feature = "staff")]
            "invoice_no" => pick(lang, "发票号码", "invoice number"),
            #[cfg(feature = "staff")]
            "order" => pick(lang, "订单", "order"),
            #[cfg(feature = "staff")]
            "ceiling" => pick(lang, "下单上限", "ceiling"),
            #[cfg(feature = "staff")]
            "reason" => pick(lang, "原因", "reason"),
            "photos" => t(lang, Text::Photos),
            "stores" => t(lang, Text::Store),
            "needs" | "wishes" => t(lang, Text::Wishes),
            "budget_hint" => t(lang, Text::BudgetHint),
            _ => return None,
        })
    };
    let mut parts = Vec::new();
    for segment in field.split('.').filter(|s| *s != "plan") {
        let (name, index) = match segment.split_once('[') {
            Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (segment, None),
        };
        let Some(name) = word(name) else { continue };
        parts.push(match index {
            Some(i) if en => format!("{name}, row {}", i + 1),
            Some(i) => format!("{name}第{}行", i + 1),
            None => name.to_owned(),
        });
    }
    parts.join(" · ")
}

/// An error as a person reads it: the field's name, then what is wrong with it.
pub fn field_error(lang: Lang, error: &shared::messages::FieldError) -> String {
    let name = field_name(lang, &error.field);
    match (name.is_empty(), lang) {
        (true, _) => error.message(lang).to_owned(),
        (false, Lang::En) => format!("{name}: {}", error.message(lang)),
        (false, Lang::Zh) => format!("{name}：{}", error.message(lang)),
    }
}

/// A moment (Unix milliseconds) in the tablet's local time as people say it: `HH:MM`
/// today, `MM-DD HH:MM` another day.
pub fn short_time(unix_ms: f64) -> String {
    let then = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(unix_ms));
    let now = js_sys::Date::new_0();
    let time = format!("{:02}:{:02}", then.get_hours(), then.get_minutes());
    if then.get_full_year() == now.get_full_year()
        && then.get_month() == now.get_month()
        && then.get_date() == now.get_date()
    {
        time
    } else {
        format!("{:02}-{:02} {time}", then.get_month() + 1, then.get_date())
    }
}

/// A moment (Unix milliseconds) in the tablet's local time, to the minute.
pub fn local_time(unix_ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(unix_ms as f64));
    format!(
        "{}-{:02}-{:02} {:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

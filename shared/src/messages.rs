//! The one catalog of rule codes and their Chinese and English messages. The server puts
//! these words in its error bodies and the browser shows the same words before a request
//! is ever sent.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The user's language. Chinese is the default everywhere.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    Zh,
    #[serde(rename = "en")]
    En,
}

/// Defines [`RuleCode`] from one list: each code's variant and its stable string, from
/// which come `as_str`, `ALL`, `parse` and the wire form (the string, both ways).
macro_rules! rule_codes {
    ($( $(#[$meta:meta])* $variant:ident = $name:literal, )+) => {
        /// Stable, machine-readable codes. The string form is part of the API: never rename
        /// one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum RuleCode {
            $( $(#[$meta])* $variant, )+
        }

        impl RuleCode {
            pub const ALL: &'static [RuleCode] = &[$(RuleCode::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(RuleCode::$variant => $name,)+
                }
            }
        }
    };
}

rule_codes! {
    /// R1: a video request needs at least 10 working days of lead time.
    R1VideoLeadTime = "R1_VIDEO_LEAD_TIME",
    R2HolidayPreparation = "R2_HOLIDAY_PREPARATION",
    R3AnnualPlanDeadline = "R3_ANNUAL_PLAN_DEADLINE",
    R4PlanIncomplete = "R4_PLAN_INCOMPLETE",
    R4NotApproved = "R4_NOT_APPROVED",
    R4DesignNotFinal = "R4_DESIGN_NOT_FINAL",
    R5StoreScope = "R5_STORE_SCOPE",
    /// R5: a store manager's request must name their own store.
    R5OwnStoreRequired = "R5_OWN_STORE_REQUIRED",
    R6RoleNotAllowed = "R6_ROLE_NOT_ALLOWED",
    R6HistoryAppendOnly = "R6_HISTORY_APPEND_ONLY",
    /// R8: the working-day calendar has no data for the year asked about.
    R8CalendarYearNotOnFile = "R8_CALENDAR_YEAR_NOT_ON_FILE",
    R8CalendarInvalid = "R8_CALENDAR_INVALID",
    /// R8: an answer estimated from the holiday regulation (no notice on file yet).
    R8CalendarProvisional = "R8_CALENDAR_PROVISIONAL",
    Unauthenticated = "UNAUTHENTICATED",
    BadCredentials = "BAD_CREDENTIALS",
    TooManyAttempts = "TOO_MANY_ATTEMPTS",
    Forbidden = "FORBIDDEN",
    CrossOrigin = "CROSS_ORIGIN",
    PasswordTooShort = "PASSWORD_TOO_SHORT",
    Timeout = "TIMEOUT",
    RequestInProgress = "REQUEST_IN_PROGRESS",
    WrongStage = "WRONG_STAGE",
    CampaignEnded = "CAMPAIGN_ENDED",
    AlreadyDone = "ALREADY_DONE",
    NotReady = "NOT_READY",
    StaleVersion = "STALE_VERSION",
    StoreCount = "STORE_COUNT",
    DateOrder = "DATE_ORDER",
    QuantityOutOfRange = "QUANTITY_OUT_OF_RANGE",
    AmountOutOfRange = "AMOUNT_OUT_OF_RANGE",
    TooMany = "TOO_MANY",
    OrgCycle = "ORG_CYCLE",
    PinOutOfRange = "PIN_OUT_OF_RANGE",
    PercentOutOfRange = "PERCENT_OUT_OF_RANGE",
    /// Another record of the kind already has the name.
    NameTaken = "NAME_TAKEN",
    ProofRoundOpen = "PROOF_ROUND_OPEN",
    ProofsFinished = "PROOFS_FINISHED",
    Required = "REQUIRED",
    TooLong = "TOO_LONG",
    InvalidDate = "INVALID_DATE",
    InvalidMonth = "INVALID_MONTH",
    DateInPast = "DATE_IN_PAST",
    MalformedJson = "MALFORMED_JSON",
    UnknownField = "UNKNOWN_FIELD",
    WrongType = "WRONG_TYPE",
    UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE",
    PayloadTooLarge = "PAYLOAD_TOO_LARGE",
    NotFound = "NOT_FOUND",
    MethodNotAllowed = "METHOD_NOT_ALLOWED",
    Internal = "INTERNAL",
    ForbiddenCharacter = "FORBIDDEN_CHARACTER",
    IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED",
    ImageUnusable = "IMAGE_UNUSABLE",
    Busy = "BUSY",
    UploadQuotaExceeded = "UPLOAD_QUOTA_EXCEEDED",
    StorageFull = "STORAGE_FULL",
    /// A robot's URL is not the platform's own https address.
    RobotUrl = "ROBOT_URL",
    /// Several fields broke rules (the fields say which).
    Validation = "VALIDATION",
    /// One session or account has as many live streams open as it may.
    TooManyStreams = "TOO_MANY_STREAMS",
    /// As many backup downloads are running as may run at once (for the account or the
    /// server).
    TooManyDownloads = "TOO_MANY_DOWNLOADS",
    /// The same person reminded about the same campaign a short while ago.
    RemindedRecently = "REMINDED_RECENTLY",
    /// A store has as many requests waiting to be taken up as it may.
    TooManyOpenRequests = "TOO_MANY_OPEN_REQUESTS",
    /// One person has done as much on one campaign as one person may.
    PersonalLimit = "PERSONAL_LIMIT",
    /// The campaign's clock: a request leaves less time than its type's schedule.
    ScheduleShort = "SCHEDULE_SHORT",
    /// The campaign's clock: the event has not ended yet.
    EventNotOver = "EVENT_NOT_OVER",
    /// A schedule template does not list its type's stages in order.
    ScheduleStages = "SCHEDULE_STAGES",
    /// The campaign's money: an order would commit more than the approved budget allows.
    OverBudget = "OVER_BUDGET",
}

impl RuleCode {
    /// The code a string names, if any.
    pub fn parse(name: &str) -> Option<RuleCode> {
        RuleCode::ALL.iter().copied().find(|code| code.as_str() == name)
    }
}

impl Serialize for RuleCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Read from its string by the table (a derived reader would carry a comparison per code
/// in the browser's app).
impl<'de> Deserialize<'de> for RuleCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = std::borrow::Cow::<str>::deserialize(deserializer)?;
        RuleCode::parse(&name).ok_or_else(|| serde::de::Error::custom(format!("unknown rule code `{name}`")))
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for RuleCode {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RuleCode".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = RuleCode::ALL.iter().map(|code| code.as_str()).collect();
        schemars::json_schema!({
            "description": "Stable, machine-readable codes. The string form is part of the API: never rename one.",
            "type": "string",
            "enum": names,
        })
    }
}

/// A thing's name in both languages (a stage, a role, a plan section), as a message
/// quotes it. The domain types give theirs (`Stage::name`), so the catalog names no
/// domain type and every module can build its messages from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Name {
    pub zh: &'static str,
    pub en: &'static str,
}

/// A message with its parameters; rendering it in either language is the catalog's job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Unauthenticated,
    BadCredentials,
    TooManyAttempts {
        retry_after_s: u64,
    },
    Forbidden,
    CrossOrigin,
    PasswordTooShort {
        min_chars: usize,
    },
    Timeout,
    RequestInProgress,
    ScheduleNeedsOverride {
        working_days_short: u32,
    },
    EventNotOver {
        ends_on: NaiveDate,
    },
    ScheduleStages,
    /// Orders would commit `committed` against a budget that allows `ceiling` (with the
    /// center's tolerance, or the VP's approved overrun).
    OverBudget {
        committed: crate::money::Fen,
        ceiling: crate::money::Fen,
    },
    HolidayNeedsOverride {
        days_before_start: i64,
        min_days: i64,
    },
    AnnualPlanLate {
        plan_year: i32,
        due_on: NaiveDate,
    },
    PlanSectionMissing {
        section: Name,
    },
    NotApproved,
    DesignNotFinal,
    StoreScope,
    OwnStoreRequired,
    RoleNotAllowed {
        role: Name,
    },
    HistoryAppendOnly,
    CalendarInvalid {
        problem_zh: String,
        problem_en: String,
    },
    WrongStage {
        stage: Name,
    },
    CampaignEnded {
        stage: Name,
    },
    AlreadyDone,
    NotReady {
        what_zh: &'static str,
        what_en: &'static str,
    },
    StaleVersion {
        current: u64,
    },
    StoreCount {
        min: usize,
        max: usize,
    },
    DateOrder {
        earlier_zh: &'static str,
        earlier_en: &'static str,
    },
    QuantityOutOfRange {
        max: u32,
    },
    AmountOutOfRange,
    TooMany {
        max_items: usize,
    },
    OrgCycle,
    PinOutOfRange,
    PercentOutOfRange {
        max: u32,
    },
    NameTaken,
    ProofRoundOpen {
        step: Name,
    },
    ProofsFinished,
    VideoLeadTime {
        min_working_days: u32,
        earliest: NaiveDate,
    },
    CalendarYearNotOnFile {
        year: i32,
    },
    /// A schedule template under which a campaign requested tomorrow would be scheduled
    /// into `year`, which the working-day calendar does not hold (R8).
    ScheduleBeyondCalendar {
        year: i32,
    },
    Required,
    TooLong {
        max_chars: usize,
    },
    InvalidDate,
    /// A month not written year-month (the KPI report's months).
    InvalidMonth,
    DateInPast,
    /// Not JSON: where the reading stopped (line and column, from 1).
    MalformedJson {
        line: usize,
        column: usize,
    },
    UnknownField,
    WrongType {
        detail: String,
    },
    UnsupportedMediaType,
    PayloadTooLarge {
        max_bytes: usize,
    },
    NotFound,
    MethodNotAllowed,
    Internal {
        request_id: String,
    },
    /// A character free text may not hold (`shared::text`).
    ForbiddenCharacter {
        code_point: u32,
    },
    IdempotencyKeyReused,
    /// A file that is not an image this server will show (damaged, too many pixels).
    ImageUnusable,
    /// A deadline computed on a year the State Council has not announced yet.
    ProvisionalCalendar,
    /// A robot's URL must be https on the platform's own host (`platform_zh`/`_en` name it).
    RobotUrl {
        platform_zh: &'static str,
        platform_en: &'static str,
        hosts: String,
    },
    /// Too much work is waiting: try again in a moment.
    Busy {
        retry_after_s: u64,
    },
    UploadQuotaExceeded {
        max_mb: u64,
    },
    /// The server cannot store more now (disk budget reached or the disk is full).
    StorageFull,
    /// An upload that is not a JPEG, PNG or WebP image or a PDF.
    UploadType,
    /// A number of working days beyond what one question may ask.
    WorkingDaysRange {
        max_days: u32,
    },
    /// Live update streams: at most `max` at once for one login (`per_session`) or one
    /// account.
    TooManyStreams {
        max: usize,
        per_session: bool,
    },
    /// Backup downloads: at most `max` at once for one account (`per_account`) or for the
    /// whole server.
    TooManyDownloads {
        max: usize,
        per_account: bool,
    },
    /// A reminder from the same person on the same campaign came too soon after the last
    /// one; the next one is possible at `again_at` (China time, `HH:MM`, or a date).
    RemindedRecently {
        again_at: String,
    },
    /// A store has `max` requests waiting to be taken up already.
    TooManyOpenRequests {
        max: usize,
    },
    /// One person has recorded `max_items` entries on this campaign.
    PersonalLimit {
        max_items: usize,
    },
    /// A date outside the days it may be, `earliest` to `latest` (both included).
    DateOutOfRange {
        earliest: NaiveDate,
        latest: NaiveDate,
    },
    /// An amount outside `min` to `max` (both included).
    AmountBetween {
        min: crate::money::Fen,
        max: crate::money::Fen,
    },
    /// An invoice that takes what is invoiced to `invoiced`, past what its order allows
    /// (`order`) or past the campaign's ceiling (`None`), `allowed`: it needs a reason.
    InvoiceNeedsReason {
        invoiced: crate::money::Fen,
        allowed: crate::money::Fen,
        order: Option<u32>,
    },
    /// A campaign holds as many of some record (`what_zh`/`_en`) as it may, `max_items`.
    CampaignFull {
        what_zh: &'static str,
        what_en: &'static str,
        max_items: usize,
    },
}

/// A date as users read it: `2026年3月5日` in Chinese, ISO in English.
pub fn format_date(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
        Lang::En => format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day()),
    }
}

/// The messages the store managers' build has no words for: its own checks never make
/// them (they are the server's refusals, or the center's and the administrator's forms'),
/// and a refusal from the server carries its own words. Each one's arm in [`Message::zh`]
/// and [`Message::en`] is left out of that build, which keeps their texts out of a shop
/// tablet's download (`tests/integration/budget.rs`).
#[cfg(feature = "lean")]
macro_rules! not_in_the_store_build {
    () => {
        Message::TooManyDownloads { .. }
            | Message::TooManyStreams { .. }
            | Message::UploadQuotaExceeded { .. }
            | Message::StorageFull
            | Message::RobotUrl { .. }
            | Message::Internal { .. }
            | Message::IdempotencyKeyReused
            | Message::DateOutOfRange { .. }
            | Message::AmountBetween { .. }
            | Message::InvoiceNeedsReason { .. }
            | Message::CampaignFull { .. }
            | Message::OverBudget { .. }
            | Message::ScheduleBeyondCalendar { .. }
            | Message::ScheduleStages
            | Message::Unauthenticated
            | Message::TooManyAttempts { .. }
            | Message::CrossOrigin
            | Message::Timeout
            | Message::RequestInProgress
            | Message::MalformedJson { .. }
            | Message::UnknownField
            | Message::WrongType { .. }
            | Message::UnsupportedMediaType
            | Message::PayloadTooLarge { .. }
            | Message::MethodNotAllowed
            | Message::ImageUnusable
            | Message::Busy { .. }
            | Message::UploadType
            | Message::BadCredentials
            | Message::PasswordTooShort { .. }
            | Message::AnnualPlanLate { .. }
            | Message::DesignNotFinal
            | Message::HistoryAppendOnly
            | Message::CalendarInvalid { .. }
            | Message::OrgCycle
            | Message::PinOutOfRange
            | Message::PercentOutOfRange { .. }
            | Message::NameTaken
            | Message::ProofRoundOpen { .. }
            | Message::ProofsFinished
            | Message::WorkingDaysRange { .. }
            | Message::StaleVersion { .. }
            | Message::Forbidden
            | Message::HolidayNeedsOverride { .. }
            | Message::TooManyOpenRequests { .. }
            | Message::PlanSectionMissing { .. }
            | Message::PersonalLimit { .. }
            | Message::CampaignEnded { .. }
            | Message::WrongStage { .. }
            | Message::RoleNotAllowed { .. }
    };
}

impl Message {
    pub fn code(&self) -> RuleCode {
        match self {
            Message::VideoLeadTime { .. } => RuleCode::R1VideoLeadTime,
            Message::Unauthenticated => RuleCode::Unauthenticated,
            Message::BadCredentials => RuleCode::BadCredentials,
            Message::TooManyAttempts { .. } => RuleCode::TooManyAttempts,
            Message::Forbidden => RuleCode::Forbidden,
            Message::CrossOrigin => RuleCode::CrossOrigin,
            Message::PasswordTooShort { .. } => RuleCode::PasswordTooShort,
            Message::Timeout => RuleCode::Timeout,
            Message::RequestInProgress => RuleCode::RequestInProgress,
            Message::HolidayNeedsOverride { .. } => RuleCode::R2HolidayPreparation,
            Message::ScheduleNeedsOverride { .. } => RuleCode::ScheduleShort,
            Message::EventNotOver { .. } => RuleCode::EventNotOver,
            Message::OverBudget { .. } => RuleCode::OverBudget,
            Message::ScheduleStages => RuleCode::ScheduleStages,
            Message::AnnualPlanLate { .. } => RuleCode::R3AnnualPlanDeadline,
            Message::PlanSectionMissing { .. } => RuleCode::R4PlanIncomplete,
            Message::NotApproved => RuleCode::R4NotApproved,
            Message::DesignNotFinal => RuleCode::R4DesignNotFinal,
            Message::StoreScope => RuleCode::R5StoreScope,
            Message::OwnStoreRequired => RuleCode::R5OwnStoreRequired,
            Message::RoleNotAllowed { .. } => RuleCode::R6RoleNotAllowed,
            Message::HistoryAppendOnly => RuleCode::R6HistoryAppendOnly,
            Message::CalendarYearNotOnFile { .. } => RuleCode::R8CalendarYearNotOnFile,
            Message::ScheduleBeyondCalendar { .. } => RuleCode::R8CalendarYearNotOnFile,
            Message::CalendarInvalid { .. } => RuleCode::R8CalendarInvalid,
            Message::WrongStage { .. } => RuleCode::WrongStage,
            Message::CampaignEnded { .. } => RuleCode::CampaignEnded,
            Message::AlreadyDone => RuleCode::AlreadyDone,
            Message::NotReady { .. } => RuleCode::NotReady,
            Message::StaleVersion { .. } => RuleCode::StaleVersion,
            Message::StoreCount { .. } => RuleCode::StoreCount,
            Message::DateOrder { .. } => RuleCode::DateOrder,
            Message::QuantityOutOfRange { .. } => RuleCode::QuantityOutOfRange,
            Message::PercentOutOfRange { .. } => RuleCode::PercentOutOfRange,
            Message::NameTaken => RuleCode::NameTaken,
            Message::AmountOutOfRange => RuleCode::AmountOutOfRange,
            Message::TooMany { .. } => RuleCode::TooMany,
            Message::OrgCycle => RuleCode::OrgCycle,
            Message::PinOutOfRange => RuleCode::PinOutOfRange,
            Message::ProofRoundOpen { .. } => RuleCode::ProofRoundOpen,
            Message::ProofsFinished => RuleCode::ProofsFinished,
            Message::Required => RuleCode::Required,
            Message::TooLong { .. } => RuleCode::TooLong,
            Message::InvalidDate => RuleCode::InvalidDate,
            Message::InvalidMonth => RuleCode::InvalidMonth,
            Message::DateInPast => RuleCode::DateInPast,
            Message::MalformedJson { .. } => RuleCode::MalformedJson,
            Message::UnknownField => RuleCode::UnknownField,
            Message::WrongType { .. } => RuleCode::WrongType,
            Message::UnsupportedMediaType => RuleCode::UnsupportedMediaType,
            Message::PayloadTooLarge { .. } => RuleCode::PayloadTooLarge,
            Message::NotFound => RuleCode::NotFound,
            Message::MethodNotAllowed => RuleCode::MethodNotAllowed,
            Message::Internal { .. } => RuleCode::Internal,
            Message::ForbiddenCharacter { .. } => RuleCode::ForbiddenCharacter,
            Message::IdempotencyKeyReused => RuleCode::IdempotencyKeyReused,
            Message::ImageUnusable => RuleCode::ImageUnusable,
            Message::ProvisionalCalendar => RuleCode::R8CalendarProvisional,
            Message::Busy { .. } => RuleCode::Busy,
            Message::UploadQuotaExceeded { .. } => RuleCode::UploadQuotaExceeded,
            Message::StorageFull => RuleCode::StorageFull,
            Message::RobotUrl { .. } => RuleCode::RobotUrl,
            Message::UploadType => RuleCode::UnsupportedMediaType,
            Message::WorkingDaysRange { .. } => RuleCode::TooMany,
            Message::TooManyStreams { .. } => RuleCode::TooManyStreams,
            Message::TooManyDownloads { .. } => RuleCode::TooManyDownloads,
            Message::RemindedRecently { .. } => RuleCode::RemindedRecently,
            Message::TooManyOpenRequests { .. } => RuleCode::TooManyOpenRequests,
            Message::PersonalLimit { .. } => RuleCode::PersonalLimit,
            Message::DateOutOfRange { .. } => RuleCode::DateOrder,
            Message::AmountBetween { .. } => RuleCode::AmountOutOfRange,
            Message::InvoiceNeedsReason { .. } => RuleCode::Required,
            Message::CampaignFull { .. } => RuleCode::TooMany,
        }
    }

    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }

    fn zh(&self) -> String {
        match self {
            Message::VideoLeadTime { min_working_days, earliest } => format!(
                "影视制作需至少提前{min_working_days}个工作日申请，最早可选{}",
                format_date(*earliest, Lang::Zh)
            ),
            Message::CalendarYearNotOnFile { year } => {
                format!("工作日历中没有{year}年的数据，无法计算工作日，请联系管理员导入")
            }
            #[cfg(not(feature = "lean"))]
            Message::ScheduleBeyondCalendar { year } => format!(
                "按此模板，明天提交的活动排期将排到{year}年，而工作日历中没有{year}年的数据，排期无法计算：请减少各阶段的工作日"
            ),
            #[cfg(not(feature = "lean"))]
            Message::Unauthenticated => "请先登录".into(),
            #[cfg(not(feature = "lean"))]
            Message::BadCredentials => "用户名或密码不正确".into(),
            #[cfg(not(feature = "lean"))]
            Message::TooManyAttempts { retry_after_s } => {
                format!("登录失败次数过多，请{}分钟后再试", retry_after_s.div_ceil(60))
            }
            #[cfg(not(feature = "lean"))]
            Message::Forbidden => "您没有权限执行此操作".into(),
            #[cfg(not(feature = "lean"))]
            Message::CrossOrigin => "请求来源不被允许".into(),
            #[cfg(not(feature = "lean"))]
            Message::PasswordTooShort { min_chars } => format!("密码至少需要{min_chars}个字符"),
            #[cfg(not(feature = "lean"))]
            Message::Timeout => "服务器处理超时，请稍后重试".into(),
            #[cfg(not(feature = "lean"))]
            Message::RequestInProgress => "相同的请求正在处理中，请稍候".into(),
            #[cfg(not(feature = "lean"))]
            Message::HolidayNeedsOverride { days_before_start, min_days } => format!(
                "节假日促销需至少提前{min_days}天准备，本活动仅提前{days_before_start}天，需副总经理批准并说明原因"
            ),
            Message::ScheduleNeedsOverride { working_days_short } => format!(
                "离活动开始的时间比这类活动的排期少{working_days_short}个工作日：可以提交，但需副总经理特批并说明原因"
            ),
            Message::EventNotOver { ends_on } => {
                format!("活动到{}结束，从这一天起才能确认执行完毕、上报销售额", format_date(*ends_on, Lang::Zh))
            }
            #[cfg(not(feature = "lean"))]
            Message::ScheduleStages => "排期应按顺序列出这类活动的每个阶段".into(),
            #[cfg(not(feature = "lean"))]
            Message::OverBudget { committed, ceiling } => {
                format!("下单合计将达{committed}元，超出已批预算允许的{ceiling}元：需副总经理批准超支并说明原因")
            }
            #[cfg(not(feature = "lean"))]
            Message::AnnualPlanLate { plan_year, due_on } => {
                format!("{plan_year}年度方案应于{}前完成，已逾期", format_date(*due_on, Lang::Zh))
            }
            #[cfg(not(feature = "lean"))]
            Message::PlanSectionMissing { section } => {
                format!("方案缺少“{}”部分，五个部分齐全后才能报副总经理审核", section.zh)
            }
            Message::NotApproved => "方案尚未经副总经理审批，不能下发门店".into(),
            #[cfg(not(feature = "lean"))]
            Message::DesignNotFinal => "设计稿尚未定稿，不能审批".into(),
            Message::StoreScope => "只能查看和办理本门店的活动".into(),
            Message::OwnStoreRequired => "店长只能为本门店申请活动，请选择本门店".into(),
            #[cfg(not(feature = "lean"))]
            Message::RoleNotAllowed { role } => format!("{}无权执行此操作", role.zh),
            #[cfg(not(feature = "lean"))]
            Message::HistoryAppendOnly => "活动记录只能追加，不能修改或删除".into(),
            #[cfg(not(feature = "lean"))]
            Message::CalendarInvalid { problem_zh, .. } => format!("工作日历数据有误：{problem_zh}"),
            #[cfg(not(feature = "lean"))]
            Message::WrongStage { stage } => format!("活动当前处于“{}”阶段，不能执行此操作", stage.zh),
            #[cfg(not(feature = "lean"))]
            Message::CampaignEnded { stage } => format!("活动{}，不能再操作", stage.zh),
            Message::AlreadyDone => "此项已经办理，不能重复提交".into(),
            Message::NotReady { what_zh, .. } => format!("尚不能办理：{what_zh}"),
            #[cfg(not(feature = "lean"))]
            Message::StaleVersion { .. } => "活动刚被他人更新过，请看一下最新内容后再操作".into(),
            Message::StoreCount { min, max } => {
                if min == max {
                    format!("须选择{min}家门店")
                } else {
                    format!("须选择{min}至{max}家门店")
                }
            }
            Message::DateOrder { earlier_zh, .. } => format!("日期顺序不对：应不早于{earlier_zh}"),
            Message::QuantityOutOfRange { max } => format!("数量应在 1 到 {max} 之间"),
            #[cfg(not(feature = "lean"))]
            Message::PercentOutOfRange { max } => format!("百分比应在 0 到 {max} 之间"),
            #[cfg(not(feature = "lean"))]
            Message::NameTaken => "这个名称已在名单中".into(),
            Message::AmountOutOfRange => "金额应为不小于 0 的数，最多两位小数".into(),
            Message::TooMany { max_items } => format!("最多{max_items}项"),
            #[cfg(not(feature = "lean"))]
            Message::OrgCycle => "组织架构不能形成循环".into(),
            #[cfg(not(feature = "lean"))]
            Message::PinOutOfRange => "标注位置必须在图片范围内".into(),
            #[cfg(not(feature = "lean"))]
            Message::ProofRoundOpen { step } => format!("“{}”轮尚未审定，不能开始新一轮", step.zh),
            #[cfg(not(feature = "lean"))]
            Message::ProofsFinished => "设计稿已定稿".into(),
            Message::Required => "此项为必填项".into(),
            Message::TooLong { max_chars } => format!("不能超过{max_chars}个字符"),
            Message::InvalidDate => "日期格式应为 年-月-日（例如 2026-03-05）".into(),
            Message::InvalidMonth => "月份格式应为 年-月（例如 2026-03）".into(),
            Message::DateInPast => "日期不能早于今天".into(),
            #[cfg(not(feature = "lean"))]
            Message::MalformedJson { line, column } => {
                format!("请求内容不是有效的 JSON（第{line}行第{column}列附近），可能不完整")
            }
            #[cfg(not(feature = "lean"))]
            Message::UnknownField => "不认识的字段".into(),
            #[cfg(not(feature = "lean"))]
            Message::WrongType { .. } => "字段的类型或取值不正确".into(),
            #[cfg(not(feature = "lean"))]
            Message::UnsupportedMediaType => "请求必须使用 application/json 格式".into(),
            #[cfg(not(feature = "lean"))]
            Message::PayloadTooLarge { max_bytes } => {
                format!("请求内容过大，上限为{max_bytes}字节")
            }
            Message::NotFound => "找不到该记录".into(),
            #[cfg(not(feature = "lean"))]
            Message::MethodNotAllowed => "不支持该请求方法".into(),
            #[cfg(not(feature = "lean"))]
            Message::Internal { request_id } => format!("服务器内部错误（请求编号 {request_id}）"),
            Message::ForbiddenCharacter { code_point } => {
                format!("不能包含控制字符或文字方向控制符（U+{code_point:04X}），请删除后再提交")
            }
            #[cfg(not(feature = "lean"))]
            Message::IdempotencyKeyReused => "同一个请求编号已用于另一份内容，请重新提交".into(),
            #[cfg(not(feature = "lean"))]
            Message::ImageUnusable => "无法显示这张图片（文件已损坏，或尺寸超过4800万像素）".into(),
            Message::ProvisionalCalendar => "按法定假日暂估，国务院通知发布后以通知为准".into(),
            #[cfg(not(feature = "lean"))]
            Message::RobotUrl { platform_zh, hosts, .. } => {
                format!("须填写{platform_zh}机器人的 https 地址（{hosts}），不能是内网或其他网站地址")
            }
            #[cfg(not(feature = "lean"))]
            Message::Busy { retry_after_s } => format!("服务器正忙，请{retry_after_s}秒后再试"),
            #[cfg(not(feature = "lean"))]
            Message::UploadQuotaExceeded { max_mb } => {
                format!("今天上传的文件已达上限（每人每天{max_mb}MB），请明天再传或联系管理员")
            }
            #[cfg(not(feature = "lean"))]
            Message::StorageFull => "服务器存储空间已满，暂时不能保存，请联系管理员；已填写的内容不会丢失".into(),
            #[cfg(not(feature = "lean"))]
            Message::UploadType => "只能上传 JPEG、PNG、WebP 图片或 PDF 文件".into(),
            #[cfg(not(feature = "lean"))]
            Message::WorkingDaysRange { max_days } => format!("工作日数应在 0 到 {max_days} 之间"),
            #[cfg(not(feature = "lean"))]
            Message::TooManyStreams { max, per_session } => {
                if *per_session {
                    format!("本次登录打开的实时更新已达上限（{max}个），请关闭多余的页面")
                } else {
                    format!("此账号打开的实时更新已达上限（{max}个），请关闭其他设备或页面上的多余窗口")
                }
            }
            #[cfg(not(feature = "lean"))]
            Message::TooManyDownloads { max, per_account } => {
                if *per_account {
                    format!("此账号正在下载的备份已达上限（{max}个），请等其中一个下载完成后再试")
                } else {
                    format!("服务器正在传送的备份下载已达上限（{max}个），请稍等一分钟后再试")
                }
            }
            Message::RemindedRecently { again_at } => {
                format!("您刚催办过本活动，对方已收到提醒；{again_at}后可再次催办")
            }
            #[cfg(not(feature = "lean"))]
            Message::TooManyOpenRequests { max } => {
                format!("本门店已有{max}个申请等待企划部受理，请等受理后再提交新的申请")
            }
            #[cfg(not(feature = "lean"))]
            Message::PersonalLimit { max_items } => {
                format!("您在本活动上的记录已达上限（{max_items}条），如需继续请联系负责的企划")
            }
            #[cfg(not(feature = "lean"))]
            Message::DateOutOfRange { earliest, latest } => {
                format!("日期应在{}至{}之间", format_date(*earliest, Lang::Zh), format_date(*latest, Lang::Zh))
            }
            #[cfg(not(feature = "lean"))]
            Message::AmountBetween { min, max } => format!("金额应在{min}元至{max}元之间"),
            #[cfg(not(feature = "lean"))]
            Message::InvoiceNeedsReason { invoiced, allowed, order } => match order {
                Some(number) => {
                    format!("第{number}单的发票合计将达{invoiced}元，超出订单金额（含上浮）{allowed}元：请填写原因")
                }
                None => format!("本活动的发票合计将达{invoiced}元，超出下单上限{allowed}元：请填写原因"),
            },
            #[cfg(not(feature = "lean"))]
            Message::CampaignFull { what_zh, max_items, .. } => {
                format!("已达上限：{what_zh}最多{max_items}条")
            }
            // No words in the store managers' build (see `not_in_the_store_build`).
            #[cfg(feature = "lean")]
            not_in_the_store_build!() => "此操作未能完成".into(),
        }
    }

    fn en(&self) -> String {
        match self {
            Message::VideoLeadTime { min_working_days, earliest } => format!(
                "A video request needs at least {min_working_days} working days: the earliest due date is {}",
                format_date(*earliest, Lang::En)
            ),
            Message::CalendarYearNotOnFile { year } => {
                format!("The working-day calendar has no data for {year}; ask the administrator to import it")
            }
            #[cfg(not(feature = "lean"))]
            Message::ScheduleBeyondCalendar { year } => format!(
                "Under this template a campaign requested tomorrow would be scheduled into {year}, which the working-day calendar does not hold, so its schedule could not be counted: use fewer working days"
            ),
            #[cfg(not(feature = "lean"))]
            Message::Unauthenticated => "Please log in".into(),
            #[cfg(not(feature = "lean"))]
            Message::BadCredentials => "Wrong login name or password".into(),
            #[cfg(not(feature = "lean"))]
            Message::TooManyAttempts { retry_after_s } => {
                format!("Too many failed logins; try again in {} minutes", retry_after_s.div_ceil(60))
            }
            #[cfg(not(feature = "lean"))]
            Message::Forbidden => "You are not allowed to do this".into(),
            #[cfg(not(feature = "lean"))]
            Message::CrossOrigin => "Requests from another site are not accepted".into(),
            #[cfg(not(feature = "lean"))]
            Message::PasswordTooShort { min_chars } => format!("A password needs at least {min_chars} characters"),
            #[cfg(not(feature = "lean"))]
            Message::Timeout => "The server took too long; please try again".into(),
            #[cfg(not(feature = "lean"))]
            Message::RequestInProgress => "The same request is still being processed".into(),
            #[cfg(not(feature = "lean"))]
            Message::HolidayNeedsOverride { days_before_start, min_days } => format!(
                "A holiday promotion needs {min_days} days of preparation; this one has {days_before_start}, so the VP must approve an override with a reason"
            ),
            Message::ScheduleNeedsOverride { working_days_short } => format!(
                "This leaves {working_days_short} working days less than campaigns of this type are scheduled for: it can be sent, but the VP must approve it with a reason"
            ),
            Message::EventNotOver { ends_on } => format!(
                "The campaign runs until {}; it can be finished and its sales reported from that day on",
                format_date(*ends_on, Lang::En)
            ),
            #[cfg(not(feature = "lean"))]
            Message::ScheduleStages => "A schedule lists every stage of its type, in order".into(),
            #[cfg(not(feature = "lean"))]
            Message::OverBudget { committed, ceiling } => format!(
                "Orders would come to ¥{committed}, more than the approved budget allows (¥{ceiling}): the VP must approve the overrun with a reason"
            ),
            #[cfg(not(feature = "lean"))]
            Message::AnnualPlanLate { plan_year, due_on } => {
                format!("The {plan_year} annual plan was due by {}; it is late", format_date(*due_on, Lang::En))
            }
            #[cfg(not(feature = "lean"))]
            Message::PlanSectionMissing { section } => {
                format!("The plan has no {} section; all five sections are needed before the VP's review", section.en)
            }
            Message::NotApproved => "The VP has not approved the plan; it cannot go to stores".into(),
            #[cfg(not(feature = "lean"))]
            Message::DesignNotFinal => "The design has not reached its final proof; it cannot be approved".into(),
            Message::StoreScope => "You can only see and act on your own store's campaigns".into(),
            Message::OwnStoreRequired => "A store manager requests campaigns for their own store: choose it".into(),
            #[cfg(not(feature = "lean"))]
            Message::RoleNotAllowed { role } => format!("The {} may not do this", role.en),
            #[cfg(not(feature = "lean"))]
            Message::HistoryAppendOnly => "A campaign's history can only be appended to, never edited".into(),
            #[cfg(not(feature = "lean"))]
            Message::CalendarInvalid { problem_en, .. } => format!("Invalid calendar data: {problem_en}"),
            #[cfg(not(feature = "lean"))]
            Message::WrongStage { stage } => {
                format!("The campaign is at the {} stage; this cannot be done now", stage.en)
            }
            #[cfg(not(feature = "lean"))]
            Message::CampaignEnded { stage } => {
                format!("The campaign is {}; nothing more can be done", stage.en)
            }
            Message::AlreadyDone => "This has already been done".into(),
            Message::NotReady { what_en, .. } => format!("Not yet possible: {what_en}"),
            #[cfg(not(feature = "lean"))]
            Message::StaleVersion { .. } => {
                "Someone else has just changed the campaign; look at it as it is now and try again".into()
            }
            Message::StoreCount { min, max } => {
                if min == max {
                    format!("Choose exactly {min} store(s)")
                } else {
                    format!("Choose {min} to {max} stores")
                }
            }
            Message::DateOrder { earlier_en, .. } => format!("Dates out of order: must not be before {earlier_en}"),
            Message::QuantityOutOfRange { max } => format!("The quantity must be between 1 and {max}"),
            #[cfg(not(feature = "lean"))]
            Message::PercentOutOfRange { max } => format!("The percentage must be between 0 and {max}"),
            #[cfg(not(feature = "lean"))]
            Message::NameTaken => "This name is already on the list".into(),
            Message::AmountOutOfRange => "The amount must be zero or more, with at most two decimals".into(),
            Message::TooMany { max_items } => format!("At most {max_items} items"),
            #[cfg(not(feature = "lean"))]
            Message::OrgCycle => "The org chart cannot contain a cycle".into(),
            #[cfg(not(feature = "lean"))]
            Message::PinOutOfRange => "A pin must be inside the image".into(),
            #[cfg(not(feature = "lean"))]
            Message::ProofRoundOpen { step } => {
                format!("The {} round has not been decided; a new round cannot start", step.en)
            }
            #[cfg(not(feature = "lean"))]
            Message::ProofsFinished => "The design is already final".into(),
            Message::Required => "This field is required".into(),
            Message::TooLong { max_chars } => format!("At most {max_chars} characters"),
            Message::InvalidDate => "Dates are written year-month-day, e.g. 2026-03-05".into(),
            Message::InvalidMonth => "Months are written year-month, e.g. 2026-03".into(),
            Message::DateInPast => "The date cannot be before today".into(),
            #[cfg(not(feature = "lean"))]
            Message::MalformedJson { line, column } => {
                format!("The request body is not valid JSON (near line {line}, column {column}); it may be cut short")
            }
            #[cfg(not(feature = "lean"))]
            Message::UnknownField => "Unknown field".into(),
            #[cfg(not(feature = "lean"))]
            Message::WrongType { detail } => format!("Wrong type: {detail}"),
            #[cfg(not(feature = "lean"))]
            Message::UnsupportedMediaType => "The request must be sent as application/json".into(),
            #[cfg(not(feature = "lean"))]
            Message::PayloadTooLarge { max_bytes } => {
                format!("The request body is too large; the limit is {max_bytes} bytes")
            }
            Message::NotFound => "No such record".into(),
            #[cfg(not(feature = "lean"))]
            Message::MethodNotAllowed => "Method not allowed".into(),
            #[cfg(not(feature = "lean"))]
            Message::Internal { request_id } => {
                format!("Internal server error (request id {request_id})")
            }
            Message::ForbiddenCharacter { code_point } => format!(
                "Control characters and text-direction overrides (U+{code_point:04X}) are not allowed; remove it"
            ),
            #[cfg(not(feature = "lean"))]
            Message::IdempotencyKeyReused => {
                "This request key was already used for a different request; send it again".into()
            }
            #[cfg(not(feature = "lean"))]
            Message::ImageUnusable => {
                "This image cannot be shown (the file is damaged or has more than 48 megapixels)".into()
            }
            Message::ProvisionalCalendar => {
                "Estimated from the statutory holidays; the State Council's notice will decide".into()
            }
            #[cfg(not(feature = "lean"))]
            Message::RobotUrl { platform_en, hosts, .. } => {
                format!(
                    "Enter the {platform_en} robot's https address ({hosts}), not a private or other site's address"
                )
            }
            #[cfg(not(feature = "lean"))]
            Message::Busy { retry_after_s } => format!("The server is busy; try again in {retry_after_s} s"),
            #[cfg(not(feature = "lean"))]
            Message::UploadQuotaExceeded { max_mb } => {
                format!(
                    "Today's upload limit is reached ({max_mb} MB per person per day); try tomorrow or ask the administrator"
                )
            }
            #[cfg(not(feature = "lean"))]
            Message::StorageFull => {
                "The server's storage is full and cannot save now; ask the administrator. Nothing you entered is lost"
                    .into()
            }
            #[cfg(not(feature = "lean"))]
            Message::UploadType => "Only JPEG, PNG or WebP images and PDF files can be uploaded".into(),
            #[cfg(not(feature = "lean"))]
            Message::WorkingDaysRange { max_days } => format!("The number of working days must be 0 to {max_days}"),
            #[cfg(not(feature = "lean"))]
            Message::TooManyStreams { max, per_session } => {
                if *per_session {
                    format!("This login has as many live updates open as it may ({max}); close the extra pages")
                } else {
                    format!(
                        "This account has as many live updates open as it may ({max}); close extra windows on other devices"
                    )
                }
            }
            #[cfg(not(feature = "lean"))]
            Message::TooManyDownloads { max, per_account } => {
                if *per_account {
                    format!(
                        "This account is downloading as many backups as it may at once ({max}); wait for one to finish"
                    )
                } else {
                    format!(
                        "The server is sending as many backup downloads as it may at once ({max}); try again in a minute"
                    )
                }
            }
            Message::RemindedRecently { again_at } => {
                format!(
                    "You reminded them about this campaign a short while ago; they have it. You can remind again after {again_at}"
                )
            }
            #[cfg(not(feature = "lean"))]
            Message::TooManyOpenRequests { max } => {
                format!(
                    "Your store has {max} requests waiting for planning to take them up; send new ones once they do"
                )
            }
            #[cfg(not(feature = "lean"))]
            Message::PersonalLimit { max_items } => {
                format!(
                    "You have recorded as much on this campaign as one person may ({max_items} entries); ask its planner"
                )
            }
            #[cfg(not(feature = "lean"))]
            Message::DateOutOfRange { earliest, latest } => format!(
                "The date must be between {} and {}",
                format_date(*earliest, Lang::En),
                format_date(*latest, Lang::En)
            ),
            #[cfg(not(feature = "lean"))]
            Message::AmountBetween { min, max } => format!("The amount must be between ¥{min} and ¥{max}"),
            #[cfg(not(feature = "lean"))]
            Message::InvoiceNeedsReason { invoiced, allowed, order } => match order {
                Some(number) => format!(
                    "Invoices for order {number} would come to ¥{invoiced}, more than the order and the tolerance allow (¥{allowed}): give the reason"
                ),
                None => format!(
                    "The campaign's invoices would come to ¥{invoiced}, more than its ceiling (¥{allowed}): give the reason"
                ),
            },
            #[cfg(not(feature = "lean"))]
            Message::CampaignFull { what_en, max_items, .. } => {
                format!("The limit is reached: at most {max_items} {what_en}")
            }
            // No words in the store managers' build (see `not_in_the_store_build`).
            #[cfg(feature = "lean")]
            not_in_the_store_build!() => "This could not be done".into(),
        }
    }
}

/// A problem with one field of an input, in both languages. `field` is a dotted path
/// into the request body (`due_on`, `plan.budget.total`); empty for the body as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FieldError {
    pub field: String,
    pub code: RuleCode,
    pub message_zh: String,
    pub message_en: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: &Message) -> Self {
        FieldError {
            field: field.into(),
            code: message.code(),
            message_zh: message.text(Lang::Zh),
            message_en: message.text(Lang::En),
        }
    }

    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.message_zh,
            Lang::En => &self.message_en,
        }
    }
}

/// Why an action or an input was refused: the kind decides the HTTP status (404 for
/// R5 so ids do not leak, 403 for R6, 409 for the campaign's state, 422 for input).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ViolationKind {
    NotFound,
    Forbidden,
    Conflict,
    Invalid,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub kind: ViolationKind,
    pub errors: Vec<FieldError>,
}

impl Violation {
    pub fn one(kind: ViolationKind, field: &str, message: &Message) -> Self {
        Violation { kind, errors: vec![FieldError::new(field, message)] }
    }

    pub fn invalid(errors: Vec<FieldError>) -> Self {
        Violation { kind: ViolationKind::Invalid, errors }
    }

    /// The first error's code: the one reason shown when there is room for one.
    pub fn code(&self) -> Option<RuleCode> {
        self.errors.first().map(|e| e.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_their_stable_strings() {
        for code in [RuleCode::R1VideoLeadTime, RuleCode::R8CalendarYearNotOnFile, RuleCode::MalformedJson] {
            let json = serde_json::to_string(&code).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn dates_read_naturally_in_each_language() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap_or_default();
        assert_eq!(format_date(day, Lang::Zh), "2026年3月5日");
        assert_eq!(format_date(day, Lang::En), "2026-03-05");
    }
}

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
macro_rules! center_messages {
    () => {
        Message::TooManyDownloads { .. }
            | Message::InvalidMonth
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

/// Every other message: the words the store managers' build carries too. With
/// [`center_messages`] it covers every message, so [`Message::zh`] and [`Message::en`]
/// stay exhaustive while the center's words sit in functions of their own.
#[cfg(not(feature = "lean"))]
macro_rules! store_messages {
    () => {
        Message::ScheduleNeedsOverride { .. }
            | Message::EventNotOver { .. }
            | Message::NotApproved
            | Message::StoreScope
            | Message::OwnStoreRequired
            | Message::AlreadyDone
            | Message::NotReady { .. }
            | Message::StoreCount { .. }
            | Message::DateOrder { .. }
            | Message::QuantityOutOfRange { .. }
            | Message::AmountOutOfRange
            | Message::TooMany { .. }
            | Message::VideoLeadTime { .. }
            | Message::CalendarYearNotOnFile { .. }
            | Message::Required
            | Message::TooLong { .. }
            | Message::InvalidDate
            | Message::DateInPast
            | Message::NotFound
            | Message::ForbiddenCharacter { .. }
            | Message::ProvisionalCalendar
            | Message::RemindedRecently { .. }
    };
}

mod en;
mod zh;

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

//! Every message's words in English (the one catalog is `super::Message`).

use super::*;

impl Message {
    pub(super) fn en(&self) -> String {
        match self {
            Message::VideoLeadTime { min_working_days, earliest } => format!(
                "A video request needs at least {min_working_days} working days: the earliest due date is {}",
                format_date(*earliest, Lang::En)
            ),
            Message::CalendarYearNotOnFile { year } => {
                format!("The working-day calendar has no data for {year}; ask the administrator to import it")
            }
            Message::ScheduleNeedsOverride { working_days_short } => format!(
                "This leaves {working_days_short} working days less than campaigns of this type are scheduled for: it can be sent, but the VP must approve it with a reason"
            ),
            Message::EventNotOver { ends_on } => format!(
                "The campaign runs until {}; it can be finished and its sales reported from that day on",
                format_date(*ends_on, Lang::En)
            ),
            Message::NotApproved => "The VP has not approved the plan; it cannot go to stores".into(),
            Message::StoreScope => "You can only see and act on your own store's campaigns".into(),
            Message::OwnStoreRequired => "A store manager requests campaigns for their own store: choose it".into(),
            Message::AlreadyDone => "This has already been done".into(),
            Message::NotReady { what_en, .. } => format!("Not yet possible: {what_en}"),
            Message::StoreCount { min, max } => {
                if min == max {
                    format!("Choose exactly {min} store(s)")
                } else {
                    format!("Choose {min} to {max} stores")
                }
            }
            Message::DateOrder { earlier_en, .. } => format!("Dates out of order: must not be before {earlier_en}"),
            Message::QuantityOutOfRange { max } => format!("The quantity must be between 1 and {max}"),
            Message::AmountOutOfRange => "The amount must be zero or more, with at most two decimals".into(),
            Message::TooMany { max_items } => format!("At most {max_items} items"),
            Message::Required => "This field is required".into(),
            Message::TooLong { max_chars } => format!("At most {max_chars} characters"),
            Message::InvalidDate => "Dates are written year-month-day, e.g. 2026-03-05".into(),
            Message::DateInPast => "The date cannot be before today".into(),
            Message::NotFound => "No such record".into(),
            Message::ForbiddenCharacter { code_point } => format!(
                "Control characters and text-direction overrides (U+{code_point:04X}) are not allowed; remove it"
            ),
            Message::ProvisionalCalendar => {
                "Estimated from the statutory holidays; the State Council's notice will decide".into()
            }
            Message::RemindedRecently { again_at } => {
                format!(
                    "You reminded them about this campaign a short while ago; they have it. You can remind again after {again_at}"
                )
            }
            #[cfg(not(feature = "lean"))]
            center_messages!() => self.en_center(),
            // No words in the store managers' build (see `center_messages`).
            #[cfg(feature = "lean")]
            center_messages!() => "This could not be done".into(),
        }
    }

    /// The words of the messages only the server and the center's forms make.
    #[cfg(not(feature = "lean"))]
    fn en_center(&self) -> String {
        match self {
            Message::ScheduleBeyondCalendar { year } => format!(
                "Under this template a campaign requested tomorrow would be scheduled into {year}, which the working-day calendar does not hold, so its schedule could not be counted: use fewer working days"
            ),
            Message::Unauthenticated => "Please log in".into(),
            Message::BadCredentials => "Wrong login name or password".into(),
            Message::TooManyAttempts { retry_after_s } => {
                format!("Too many failed logins; try again in {} minutes", retry_after_s.div_ceil(60))
            }
            Message::Forbidden => "You are not allowed to do this".into(),
            Message::CrossOrigin => "Requests from another site are not accepted".into(),
            Message::PasswordTooShort { min_chars } => format!("A password needs at least {min_chars} characters"),
            Message::Timeout => "The server took too long; please try again".into(),
            Message::RequestInProgress => "The same request is still being processed".into(),
            Message::HolidayNeedsOverride { days_before_start, min_days } => format!(
                "A holiday promotion needs {min_days} days of preparation; this one has {days_before_start}, so the VP must approve an override with a reason"
            ),
            Message::ScheduleStages => "A schedule lists every stage of its type, in order".into(),
            Message::OverBudget { committed, ceiling } => format!(
                "Orders would come to ¥{committed}, more than the approved budget allows (¥{ceiling}): the VP must approve the overrun with a reason"
            ),
            Message::AnnualPlanLate { plan_year, due_on } => {
                format!("The {plan_year} annual plan was due by {}; it is late", format_date(*due_on, Lang::En))
            }
            Message::PlanSectionMissing { section } => {
                format!("The plan has no {} section; all five sections are needed before the VP's review", section.en)
            }
            Message::DesignNotFinal => "The design has not reached its final proof; it cannot be approved".into(),
            Message::RoleNotAllowed { role } => format!("The {} may not do this", role.en),
            Message::HistoryAppendOnly => "A campaign's history can only be appended to, never edited".into(),
            Message::CalendarInvalid { problem_en, .. } => format!("Invalid calendar data: {problem_en}"),
            Message::WrongStage { stage } => {
                format!("The campaign is at the {} stage; this cannot be done now", stage.en)
            }
            Message::CampaignEnded { stage } => {
                format!("The campaign is {}; nothing more can be done", stage.en)
            }
            Message::StaleVersion { .. } => {
                "Someone else has just changed the campaign; look at it as it is now and try again".into()
            }
            Message::PercentOutOfRange { max } => format!("The percentage must be between 0 and {max}"),
            Message::NameTaken => "This name is already on the list".into(),
            Message::OrgCycle => "The org chart cannot contain a cycle".into(),
            Message::PinOutOfRange => "A pin must be inside the image".into(),
            Message::ProofRoundOpen { step } => {
                format!("The {} round has not been decided; a new round cannot start", step.en)
            }
            Message::ProofsFinished => "The design is already final".into(),
            Message::MalformedJson { line, column } => {
                format!("The request body is not valid JSON (near line {line}, column {column}); it may be cut short")
            }
            Message::UnknownField => "Unknown field".into(),
            Message::WrongType { detail } => format!("Wrong type: {detail}"),
            Message::UnsupportedMediaType => "The request must be sent as application/json".into(),
            Message::PayloadTooLarge { max_bytes } => {
                format!("The request body is too large; the limit is {max_bytes} bytes")
            }
            Message::MethodNotAllowed => "Method not allowed".into(),
            Message::Internal { request_id } => {
                format!("Internal server error (request id {request_id})")
            }
            Message::IdempotencyKeyReused => {
                "This request key was already used for a different request; send it again".into()
            }
            Message::ImageUnusable => {
                "This image cannot be shown (the file is damaged or has more than 48 megapixels)".into()
            }
            Message::RobotUrl { platform_en, hosts, .. } => {
                format!(
                    "Enter the {platform_en} robot's https address ({hosts}), not a private or other site's address"
                )
            }
            Message::Busy { retry_after_s } => format!("The server is busy; try again in {retry_after_s} s"),
            Message::UploadQuotaExceeded { max_mb } => {
                format!(
                    "Today's upload limit is reached ({max_mb} MB per person per day); try tomorrow or ask the administrator"
                )
            }
            Message::StorageFull => {
                "The server's storage is full and cannot save now; ask the administrator. Nothing you entered is lost"
                    .into()
            }
            Message::UploadType => "Only JPEG, PNG or WebP images and PDF files can be uploaded".into(),
            Message::WorkingDaysRange { max_days } => format!("The number of working days must be 0 to {max_days}"),
            Message::TooManyStreams { max, per_session } => {
                if *per_session {
                    format!("This login has as many live updates open as it may ({max}); close the extra pages")
                } else {
                    format!(
                        "This account has as many live updates open as it may ({max}); close extra windows on other devices"
                    )
                }
            }
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
            Message::TooManyOpenRequests { max } => {
                format!(
                    "Your store has {max} requests waiting for planning to take them up; send new ones once they do"
                )
            }
            Message::PersonalLimit { max_items } => {
                format!(
                    "You have recorded as much on this campaign as one person may ({max_items} entries); ask its planner"
                )
            }
            Message::DateOutOfRange { earliest, latest } => format!(
                "The date must be between {} and {}",
                format_date(*earliest, Lang::En),
                format_date(*latest, Lang::En)
            ),
            Message::AmountBetween { min, max } => format!("The amount must be between ¥{min} and ¥{max}"),
            Message::InvoiceNeedsReason { invoiced, allowed, order } => match order {
                Some(number) => format!(
                    "Invoices for order {number} would come to ¥{invoiced}, more than the order and the tolerance allow (¥{allowed}): give the reason"
                ),
                None => format!(
                    "The campaign's invoices would come to ¥{invoiced}, more than its ceiling (¥{allowed}): give the reason"
                ),
            },
            Message::CampaignFull { what_en, max_items, .. } => {
                format!("The limit is reached: at most {max_items} {what_en}")
            }
            Message::InvalidMonth => "Months are written year-month, e.g. 2026-03".into(),
            // Said by the function above.
            store_messages!() => String::new(),
        }
    }
}

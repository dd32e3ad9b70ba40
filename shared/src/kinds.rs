//! The one list of workflow actions: each one's variant name (its input struct in
//! `workflow::actions`) and its name on the wire. `campaign` makes `ActionKind` (the
//! names its history keeps) from it and `workflow` makes `Action` and each kind's rules;
//! a name missing on either side fails to compile. A new action is one line here.
//!
//! The store managers' build (`lean`) never sends nor reads back the center's actions
//! (its outbox holds only its own), so it carries no code for them: those lines are
//! marked `skip` under `lean`.

/// Calls the macro `$then` with every action as `Variant = "wire_name"`, docs attached.
macro_rules! with_every_action {
    ($then:ident) => {
        $then! {
            /// The planner takes the order up (立项 → 需求了解).
            #[cfg_attr(feature = "lean", serde(skip))]
            StartNeeds = "start_needs",
            RecordNeeds = "record_needs",
            #[cfg_attr(feature = "lean", serde(skip))]
            CompleteNeeds = "complete_needs",
            #[cfg_attr(feature = "lean", serde(skip))]
            RecordBrainstorm = "record_brainstorm",
            /// Saves a new plan version; earlier versions are kept unchanged.
            #[cfg_attr(feature = "lean", serde(skip))]
            SavePlan = "save_plan",
            /// Sends the first draft round; starts the departments' tasks.
            #[cfg_attr(feature = "lean", serde(skip))]
            SubmitDraft = "submit_draft",
            /// A review comment on the plan.
            #[cfg_attr(feature = "lean", serde(skip))]
            Comment = "comment",
            #[cfg_attr(feature = "lean", serde(skip))]
            SubmitForApproval = "submit_for_approval",
            #[cfg_attr(feature = "lean", serde(skip))]
            Approve = "approve",
            #[cfg_attr(feature = "lean", serde(skip))]
            SendBack = "send_back",
            /// R2: the VP accepts a late holiday promotion, with a reason.
            #[cfg_attr(feature = "lean", serde(skip))]
            OverrideLate = "override_late",
            #[cfg_attr(feature = "lean", serde(skip))]
            UpdateTask = "update_task",
            #[cfg_attr(feature = "lean", serde(skip))]
            UploadProof = "upload_proof",
            #[cfg_attr(feature = "lean", serde(skip))]
            CommentProof = "comment_proof",
            #[cfg_attr(feature = "lean", serde(skip))]
            DecideProof = "decide_proof",
            ConfirmPlan = "confirm_plan",
            RequestChanges = "request_changes",
            /// A video job is produced (the video department's delivery).
            #[cfg_attr(feature = "lean", serde(skip))]
            CompleteProduction = "complete_production",
            #[cfg_attr(feature = "lean", serde(skip))]
            RecordShipment = "record_shipment",
            ConfirmReceipt = "confirm_receipt",
            RequestHelp = "request_help",
            #[cfg_attr(feature = "lean", serde(skip))]
            AssignHelp = "assign_help",
            ReportSales = "report_sales",
            #[cfg_attr(feature = "lean", serde(skip))]
            FinishExecution = "finish_execution",
            #[cfg_attr(feature = "lean", serde(skip))]
            SubmitSummary = "submit_summary",
            Rate = "rate",
            /// Anyone waiting on someone may remind them; the reminder is recorded.
            SendReminder = "send_reminder",
            #[cfg_attr(feature = "lean", serde(skip))]
            Cancel = "cancel",
            /// Purchasing's order from a supplier (the campaign's money, `costs`).
            #[cfg_attr(feature = "lean", serde(skip))]
            RecordOrder = "record_order",
            #[cfg_attr(feature = "lean", serde(skip))]
            CancelOrder = "cancel_order",
            #[cfg_attr(feature = "lean", serde(skip))]
            RecordInvoice = "record_invoice",
            /// The VP lets orders commit more than the approved budget allows.
            #[cfg_attr(feature = "lean", serde(skip))]
            ApproveOverrun = "approve_overrun",
        }
    };
}

pub(crate) use with_every_action;

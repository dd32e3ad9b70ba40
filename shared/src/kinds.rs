//! The one list of workflow actions: each one's variant name (its input struct in
//! `workflow::actions`) and its name on the wire. `campaign` makes `ActionKind` (the
//! names its history keeps) from it and `workflow` makes `Action` and each kind's rules;
//! a name missing on either side fails to compile. A new action is one line here.

/// Calls the macro `$then` with every action as `Variant = "wire_name"`, docs attached.
macro_rules! with_every_action {
    ($then:ident) => {
        $then! {
            /// The planner takes the order up (立项 → 需求了解).
            StartNeeds = "start_needs",
            RecordNeeds = "record_needs",
            CompleteNeeds = "complete_needs",
            RecordBrainstorm = "record_brainstorm",
            /// Saves a new plan version; earlier versions are kept unchanged.
            SavePlan = "save_plan",
            /// Sends the first draft round; starts the departments' tasks.
            SubmitDraft = "submit_draft",
            /// A review comment on the plan.
            Comment = "comment",
            SubmitForApproval = "submit_for_approval",
            Approve = "approve",
            SendBack = "send_back",
            /// R2: the VP accepts a late holiday promotion, with a reason.
            OverrideLate = "override_late",
            UpdateTask = "update_task",
            UploadProof = "upload_proof",
            CommentProof = "comment_proof",
            DecideProof = "decide_proof",
            ConfirmPlan = "confirm_plan",
            RequestChanges = "request_changes",
            /// A video job is produced (the video department's delivery).
            CompleteProduction = "complete_production",
            RecordShipment = "record_shipment",
            ConfirmReceipt = "confirm_receipt",
            RequestHelp = "request_help",
            AssignHelp = "assign_help",
            ReportSales = "report_sales",
            FinishExecution = "finish_execution",
            SubmitSummary = "submit_summary",
            Rate = "rate",
            /// Anyone waiting on someone may remind them; the reminder is recorded.
            SendReminder = "send_reminder",
            Cancel = "cancel",
        }
    };
}

pub(crate) use with_every_action;

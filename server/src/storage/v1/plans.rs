//! Version 1 of the plan: its versions, documents, budget lines, proof rounds, pins and
//! comments.

use super::*;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLineV1 {
    pub item: String,
    pub amount: i64,
}

impl From<&plan::BudgetLine> for BudgetLineV1 {
    fn from(value: &plan::BudgetLine) -> Self {
        let plan::BudgetLine { item, amount } = value;
        BudgetLineV1 { item: item.clone(), amount: amount.0 }
    }
}

impl From<BudgetLineV1> for plan::BudgetLine {
    fn from(value: BudgetLineV1) -> Self {
        let BudgetLineV1 { item, amount } = value;
        plan::BudgetLine { item, amount: Fen(amount) }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanDocumentV1 {
    pub theme: String,
    pub strategy: String,
    pub implementation: String,
    pub forecast: String,
    pub budget: Vec<BudgetLineV1>,
}

impl From<&plan::PlanDocument> for PlanDocumentV1 {
    fn from(value: &plan::PlanDocument) -> Self {
        // Kept beside this version from `records::plan_version::PlanVersionV2` on.
        let plan::PlanDocument { theme, strategy, implementation, forecast, budget, forecast_sales: _ } = value;
        PlanDocumentV1 {
            theme: theme.clone(),
            strategy: strategy.clone(),
            implementation: implementation.clone(),
            forecast: forecast.clone(),
            budget: budget.iter().map(BudgetLineV1::from).collect(),
        }
    }
}

impl From<PlanDocumentV1> for plan::PlanDocument {
    fn from(value: PlanDocumentV1) -> Self {
        let PlanDocumentV1 { theme, strategy, implementation, forecast, budget } = value;
        plan::PlanDocument {
            theme,
            strategy,
            implementation,
            forecast,
            budget: budget.into_iter().map(plan::BudgetLine::from).collect(),
            forecast_sales: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanVersionV1 {
    pub number: u32,
    pub document: PlanDocumentV1,
    pub author: u64,
    pub author_name: String,
    pub created_on: NaiveDate,
    pub note: String,
}

impl From<&plan::PlanVersion> for PlanVersionV1 {
    fn from(value: &plan::PlanVersion) -> Self {
        let plan::PlanVersion { number, document, author, author_name, created_on, note } = value;
        PlanVersionV1 {
            number: *number,
            document: PlanDocumentV1::from(document),
            author: author.0,
            author_name: author_name.clone(),
            created_on: *created_on,
            note: note.clone(),
        }
    }
}

impl From<PlanVersionV1> for plan::PlanVersion {
    fn from(value: PlanVersionV1) -> Self {
        let PlanVersionV1 { number, document, author, author_name, created_on, note } = value;
        plan::PlanVersion {
            number,
            document: plan::PlanDocument::from(document),
            author: PersonId(author),
            author_name,
            created_on,
            note,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinV1 {
    pub attachment: u64,
    pub x_permille: u16,
    pub y_permille: u16,
}

impl From<&plan::Pin> for PinV1 {
    fn from(value: &plan::Pin) -> Self {
        let plan::Pin { attachment, x_permille, y_permille } = value;
        PinV1 { attachment: attachment.0, x_permille: *x_permille, y_permille: *y_permille }
    }
}

impl From<PinV1> for plan::Pin {
    fn from(value: PinV1) -> Self {
        let PinV1 { attachment, x_permille, y_permille } = value;
        plan::Pin { attachment: AttachmentId(attachment), x_permille, y_permille }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentV1 {
    pub author: u64,
    pub author_name: String,
    pub on: NaiveDate,
    pub text: String,
    pub pin: Option<PinV1>,
}

impl From<&plan::Comment> for CommentV1 {
    fn from(value: &plan::Comment) -> Self {
        let plan::Comment { author, author_name, on, text, pin } = value;
        CommentV1 {
            author: author.0,
            author_name: author_name.clone(),
            on: *on,
            text: text.clone(),
            pin: pin.as_ref().map(PinV1::from),
        }
    }
}

impl From<CommentV1> for plan::Comment {
    fn from(value: CommentV1) -> Self {
        let CommentV1 { author, author_name, on, text, pin } = value;
        plan::Comment { author: PersonId(author), author_name, on, text, pin: pin.map(plan::Pin::from) }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundOutcomeV1 {
    pub passed: bool,
    pub by: u64,
    pub by_name: String,
    pub on: NaiveDate,
}

impl From<&plan::RoundOutcome> for RoundOutcomeV1 {
    fn from(value: &plan::RoundOutcome) -> Self {
        let plan::RoundOutcome { passed, by, by_name, on } = value;
        RoundOutcomeV1 { passed: *passed, by: by.0, by_name: by_name.clone(), on: *on }
    }
}

impl From<RoundOutcomeV1> for plan::RoundOutcome {
    fn from(value: RoundOutcomeV1) -> Self {
        let RoundOutcomeV1 { passed, by, by_name, on } = value;
        plan::RoundOutcome { passed, by: PersonId(by), by_name, on }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofRoundV1 {
    pub number: u32,
    pub step: ProofStepV1,
    pub files: Vec<u64>,
    pub uploaded_by: u64,
    pub comments: Vec<CommentV1>,
    pub outcome: Option<RoundOutcomeV1>,
}

impl From<&plan::ProofRound> for ProofRoundV1 {
    fn from(value: &plan::ProofRound) -> Self {
        let plan::ProofRound { number, step, files, uploaded_by, comments, outcome } = value;
        ProofRoundV1 {
            number: *number,
            step: ProofStepV1::from(step),
            files: files.iter().map(|a| a.0).collect(),
            uploaded_by: uploaded_by.0,
            comments: comments.iter().map(CommentV1::from).collect(),
            outcome: outcome.as_ref().map(RoundOutcomeV1::from),
        }
    }
}

impl From<ProofRoundV1> for plan::ProofRound {
    fn from(value: ProofRoundV1) -> Self {
        let ProofRoundV1 { number, step, files, uploaded_by, comments, outcome } = value;
        plan::ProofRound {
            number,
            step: plan::ProofStep::from(step),
            files: files.into_iter().map(AttachmentId).collect(),
            uploaded_by: PersonId(uploaded_by),
            comments: comments.into_iter().map(plan::Comment::from).collect(),
            outcome: outcome.map(plan::RoundOutcome::from),
        }
    }
}

// -- campaign ---------------------------------------------------------------------------

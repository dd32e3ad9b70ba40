//! The plan document (活动方案) with its five required sections, its numbered versions,
//! and the design proof rounds (设计稿流程) that run beside it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{AttachmentId, PersonId};
use crate::messages::{FieldError, Message};
use crate::money::{Fen, MAX_AMOUNT_FEN};
use crate::text::{Lines, check_text};

pub const SECTION_MAX_CHARS: usize = 20_000;
pub const BUDGET_LINES_MAX: usize = 100;
pub const BUDGET_ITEM_MAX_CHARS: usize = 100;
/// Plan versions kept per campaign; more means something is wrong, not a busy planner.
pub const PLAN_VERSIONS_MAX: usize = 200;
pub const PROOF_ROUNDS_MAX: usize = 100;
/// Comments one person may write on one plan (or one proof round).
pub const COMMENTS_PER_PERSON_MAX: usize = 100;
pub const COMMENT_MAX_CHARS: usize = 2000;
pub const FILES_PER_ROUND_MAX: usize = 20;

/// The five sections every plan must have before it can go to the VP (R4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PlanSection {
    Theme,
    Strategy,
    Implementation,
    Forecast,
    Budget,
}

impl PlanSection {
    pub const ALL: [PlanSection; 5] = [
        PlanSection::Theme,
        PlanSection::Strategy,
        PlanSection::Implementation,
        PlanSection::Forecast,
        PlanSection::Budget,
    ];

    pub fn field(self) -> &'static str {
        match self {
            PlanSection::Theme => "plan.theme",
            PlanSection::Strategy => "plan.strategy",
            PlanSection::Implementation => "plan.implementation",
            PlanSection::Forecast => "plan.forecast",
            PlanSection::Budget => "plan.budget",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            PlanSection::Theme => "主题",
            PlanSection::Strategy => "具体策略",
            PlanSection::Implementation => "实施方案",
            PlanSection::Forecast => "效果预测",
            PlanSection::Budget => "预算方案",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            PlanSection::Theme => "theme",
            PlanSection::Strategy => "strategy",
            PlanSection::Implementation => "implementation plan",
            PlanSection::Forecast => "effect forecast",
            PlanSection::Budget => "budget",
        }
    }

    /// The name in both languages, as messages quote it.
    pub fn name(self) -> crate::messages::Name {
        crate::messages::Name { zh: self.name_zh(), en: self.name_en() }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BudgetLine {
    pub item: String,
    pub amount: Fen,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanDocument {
    pub theme: String,
    pub strategy: String,
    pub implementation: String,
    pub forecast: String,
    pub budget: Vec<BudgetLine>,
    /// The sales the plan expects for the whole campaign, in fen (效果预测's figure; the
    /// reasoning stays in `forecast`). Optional: plans written before it have none.
    #[serde(default)]
    pub forecast_sales: Option<Fen>,
}

impl PlanDocument {
    /// The budget's total; `None` only if it overflows (which validation refuses).
    pub fn budget_total(&self) -> Option<Fen> {
        self.budget.iter().try_fold(Fen(0), |total, line| total.checked_add(line.amount))
    }

    /// Problems that make the document unsavable even as a draft: sizes and amounts.
    pub fn validate_draft(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        for (section, text) in [
            (PlanSection::Theme, &self.theme),
            (PlanSection::Strategy, &self.strategy),
            (PlanSection::Implementation, &self.implementation),
            (PlanSection::Forecast, &self.forecast),
        ] {
            check_text(section.field(), text, false, SECTION_MAX_CHARS, Lines::Many, &mut errors);
        }
        if self.budget.len() > BUDGET_LINES_MAX {
            errors.push(FieldError::new("plan.budget", &Message::TooMany { max_items: BUDGET_LINES_MAX }));
        }
        for (i, line) in self.budget.iter().enumerate() {
            check_text(
                &format!("plan.budget[{i}].item"),
                &line.item,
                true,
                BUDGET_ITEM_MAX_CHARS,
                Lines::One,
                &mut errors,
            );
            if line.amount.0 < 0 || line.amount.0 > MAX_AMOUNT_FEN {
                errors.push(FieldError::new(format!("plan.budget[{i}].amount"), &Message::AmountOutOfRange));
            }
        }
        if self.forecast_sales.is_some_and(|f| f.0 < 0 || f.0 > MAX_AMOUNT_FEN) {
            errors.push(FieldError::new("plan.forecast_sales", &Message::AmountOutOfRange));
        }
        if errors.is_empty() && self.budget_total().is_none_or(|t| t.0 > MAX_AMOUNT_FEN) {
            errors.push(FieldError::new("plan.budget", &Message::AmountOutOfRange));
        }
        errors
    }

    /// The sections still empty (R4: a plan needs all five before approval).
    pub fn missing_sections(&self) -> Vec<PlanSection> {
        PlanSection::ALL
            .into_iter()
            .filter(|section| match section {
                PlanSection::Theme => self.theme.trim().is_empty(),
                PlanSection::Strategy => self.strategy.trim().is_empty(),
                PlanSection::Implementation => self.implementation.trim().is_empty(),
                PlanSection::Forecast => self.forecast.trim().is_empty(),
                PlanSection::Budget => self.budget.is_empty(),
            })
            .collect()
    }

    /// R4's completeness check: one error per missing section, plus draft problems.
    pub fn check_complete(&self) -> Vec<FieldError> {
        let mut errors = self.validate_draft();
        for section in self.missing_sections() {
            errors.push(FieldError::new(section.field(), &Message::PlanSectionMissing { section: section.name() }));
        }
        errors
    }
}

/// One saved version of the plan; every save is a new version and none is ever changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlanVersion {
    pub number: u32,
    pub document: PlanDocument,
    pub author: PersonId,
    pub author_name: String,
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub created_on: NaiveDate,
    pub note: String,
}

/// The design proof cycle: 初案 → 设计稿 → 校稿 → 检查 → 定稿.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProofStep {
    FirstDraft,
    DesignDraft,
    Proof,
    Check,
    Final,
}

impl ProofStep {
    pub const ALL: [ProofStep; 5] =
        [ProofStep::FirstDraft, ProofStep::DesignDraft, ProofStep::Proof, ProofStep::Check, ProofStep::Final];

    pub fn next(self) -> Option<ProofStep> {
        match self {
            ProofStep::FirstDraft => Some(ProofStep::DesignDraft),
            ProofStep::DesignDraft => Some(ProofStep::Proof),
            ProofStep::Proof => Some(ProofStep::Check),
            ProofStep::Check => Some(ProofStep::Final),
            ProofStep::Final => None,
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            ProofStep::FirstDraft => "初案",
            ProofStep::DesignDraft => "设计稿",
            ProofStep::Proof => "校稿",
            ProofStep::Check => "检查",
            ProofStep::Final => "定稿",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            ProofStep::FirstDraft => "first draft",
            ProofStep::DesignDraft => "design draft",
            ProofStep::Proof => "proof",
            ProofStep::Check => "check",
            ProofStep::Final => "final",
        }
    }

    /// The name in both languages, as messages quote it.
    pub fn name(self) -> crate::messages::Name {
        crate::messages::Name { zh: self.name_zh(), en: self.name_en() }
    }
}

/// A comment pinned to a spot of an image: coordinates in thousandths of its width and
/// height, so the pin stays put whatever size the image is shown at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Pin {
    pub attachment: AttachmentId,
    pub x_permille: u16,
    pub y_permille: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Comment {
    pub author: PersonId,
    pub author_name: String,
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub on: NaiveDate,
    pub text: String,
    pub pin: Option<Pin>,
}

/// How a proof round ended: passed (the next step may start) or sent back (another round
/// of the same step follows).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RoundOutcome {
    pub passed: bool,
    pub by: PersonId,
    pub by_name: String,
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProofRound {
    pub number: u32,
    pub step: ProofStep,
    pub files: Vec<AttachmentId>,
    pub uploaded_by: PersonId,
    #[cfg_attr(feature = "lean", serde(skip_deserializing))]
    pub comments: Vec<Comment>,
    #[cfg_attr(feature = "lean", serde(skip_deserializing))]
    pub outcome: Option<RoundOutcome>,
}

/// The step the next proof round must have, or why none may open now.
pub fn next_proof_step(rounds: &[ProofRound]) -> Result<ProofStep, Message> {
    let Some(last) = rounds.last() else {
        return Ok(ProofStep::FirstDraft);
    };
    match &last.outcome {
        None => Err(Message::ProofRoundOpen { step: last.step.name() }),
        Some(outcome) if !outcome.passed => Ok(last.step),
        Some(_) => last.step.next().ok_or(Message::ProofsFinished),
    }
}

/// Whether the design is finished: no rounds at all, or the final round passed.
pub fn proofs_settled(rounds: &[ProofRound]) -> bool {
    match rounds.last() {
        None => true,
        Some(last) => last.step == ProofStep::Final && last.outcome.as_ref().is_some_and(|o| o.passed),
    }
}

/// Validates a comment's text and pin against the round it belongs to.
pub fn check_comment(text: &str, pin: Option<&Pin>, round_files: &[AttachmentId]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    check_text("text", text, true, COMMENT_MAX_CHARS, Lines::Many, &mut errors);
    if let Some(pin) = pin {
        if pin.x_permille > 1000 || pin.y_permille > 1000 {
            errors.push(FieldError::new("pin", &Message::PinOutOfRange));
        }
        if !round_files.contains(&pin.attachment) {
            errors.push(FieldError::new("pin.attachment", &Message::NotFound));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::RuleCode;

    fn complete() -> PlanDocument {
        PlanDocument {
            theme: "金秋钻石节".into(),
            strategy: "满额赠礼".into(),
            implementation: "九月一日至十月七日".into(),
            forecast: "销售额提升 20%".into(),
            budget: vec![
                BudgetLine { item: "物料".into(), amount: Fen(1_200_000) },
                BudgetLine { item: "促销品".into(), amount: Fen(350_050) },
            ],
            forecast_sales: None,
        }
    }

    #[test]
    fn a_complete_plan_has_no_missing_section_and_totals_its_budget() {
        assert!(complete().check_complete().is_empty());
        assert_eq!(complete().budget_total(), Some(Fen(1_550_050)));
    }

    #[test]
    fn each_missing_section_is_named_with_r4() {
        let mut plan = complete();
        plan.forecast = " ".into();
        plan.budget.clear();
        let errors = plan.check_complete();
        let fields: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            fields,
            vec![("plan.forecast", RuleCode::R4PlanIncomplete), ("plan.budget", RuleCode::R4PlanIncomplete)]
        );
        assert!(errors[0].message_zh.contains("效果预测"));
    }

    #[test]
    fn negative_budget_lines_are_refused() {
        let mut plan = complete();
        plan.budget[0].amount = Fen(-1);
        assert_eq!(plan.validate_draft()[0].field, "plan.budget[0].amount");
    }

    fn round(step: ProofStep, passed: Option<bool>) -> ProofRound {
        ProofRound {
            number: 1,
            step,
            files: vec![AttachmentId(1)],
            uploaded_by: PersonId(1),
            comments: vec![],
            outcome: passed.map(|passed| RoundOutcome {
                passed,
                by: PersonId(2),
                by_name: "刘江涛".into(),
                on: NaiveDate::MIN,
            }),
        }
    }

    #[test]
    fn proof_rounds_follow_the_cycle_and_repeat_a_step_sent_back() {
        assert_eq!(next_proof_step(&[]), Ok(ProofStep::FirstDraft));
        assert_eq!(
            next_proof_step(&[round(ProofStep::FirstDraft, None)]),
            Err(Message::ProofRoundOpen { step: ProofStep::FirstDraft.name() })
        );
        assert_eq!(next_proof_step(&[round(ProofStep::FirstDraft, Some(false))]), Ok(ProofStep::FirstDraft));
        assert_eq!(next_proof_step(&[round(ProofStep::Proof, Some(true))]), Ok(ProofStep::Check));
        assert_eq!(next_proof_step(&[round(ProofStep::Final, Some(true))]), Err(Message::ProofsFinished));
        assert!(proofs_settled(&[round(ProofStep::Final, Some(true))]));
        assert!(!proofs_settled(&[round(ProofStep::Check, Some(true))]));
    }

    #[test]
    fn a_pin_must_be_on_the_image_and_inside_it() {
        let pin = Pin { attachment: AttachmentId(9), x_permille: 1200, y_permille: 10 };
        let fields: Vec<_> =
            check_comment("颜色太暗", Some(&pin), &[AttachmentId(1)]).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["pin", "pin.attachment"]);
    }
}

//! The client's one table of workflow actions: for every `ActionKind`, where the campaign
//! page takes it (which form or panel, or which button with which label), how its
//! history note reads, and what a person entered for it as read back from the outbox.
//! The match in [`row`] has no catch-all arm, so an action added to
//! `shared::kinds::with_every_action!` does not compile in the client until it has its
//! row here; the rest of the page asks this table (through [`Allowed`]) instead of naming
//! actions itself.
//!
//! The store managers' build carries nothing of the center's places: their rows read
//! `Place::Center` there (see `center!`), so the staff's panels, labels and action
//! constructors stay out of it.

use std::rc::Rc;

use shared::Lang;
use shared::api::CampaignDetail;
use shared::campaign::{HelpKind, ReceiptLine};
#[cfg(feature = "staff")]
use shared::workflow::{Action, CompleteNeeds, CompleteProduction, FinishExecution, StartNeeds};
use shared::workflow::{
    ActionKind, ConfirmPlan, ConfirmReceipt, Rate, ReportSales, RequestChanges, RequestHelp, SendReminder,
};

use crate::api::Pending;
use crate::i18n::{Text, date, pick, t};

/// A place only the staff's build has; the store managers' reads `Place::Center`.
#[cfg(feature = "staff")]
macro_rules! center {
    ($place:expr) => {
        $place
    };
}
#[cfg(not(feature = "staff"))]
macro_rules! center {
    ($place:expr) => {
        Place::Center
    };
}

/// A store's form on the campaign page (`store_forms`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StoreForm {
    /// 门店确认: allowed, it opens the confirmation form.
    ConfirmPlan,
    /// 要求修改: sent from within the confirmation form.
    AskChanges,
    Receipt,
    Sales,
    /// Rating, with the sales beside it (the store's last step).
    Rate,
    Help,
}

/// A staff panel on the campaign page (`staff`, `money`), and the step within it.
#[cfg(feature = "staff")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Panel {
    Brainstorm,
    Plan(PlanStep),
    Proofs(ProofStep),
    Money(MoneyForm),
    Tasks,
    Shipment,
    AssignHelp,
    Summary,
    /// The VP's decision card, first on the page.
    Decision(Decision),
}

#[cfg(feature = "staff")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PlanStep {
    Save,
    SubmitDraft,
    SubmitForApproval,
}

#[cfg(feature = "staff")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ProofStep {
    Upload,
    Comment,
    Decide,
}

/// Purchasing's and the VP's forms in the money panel.
#[cfg(feature = "staff")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MoneyForm {
    Order,
    Cancel,
    Invoice,
    Overrun,
}

#[cfg(feature = "staff")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    Approve,
    SendBack,
    OverrideLate,
}

/// A button for an action that takes no input: its label and the action it sends.
#[cfg(feature = "staff")]
#[derive(Debug, Clone, Copy)]
pub(crate) struct Button {
    pub label: Text,
    pub action: fn() -> Action,
}

/// Buttons are told apart by their label (function pointers do not compare reliably).
#[cfg(feature = "staff")]
impl PartialEq for Button {
    fn eq(&self, other: &Self) -> bool {
        self.label == other.label
    }
}

/// Where on the campaign page an action is taken.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Place {
    /// Not on this page: opening a campaign is the request page's, and the needs record,
    /// plan comments and cancelling have no control in the app.
    Elsewhere,
    /// The center's work, which the store managers' build does not carry.
    #[cfg(not(feature = "staff"))]
    Center,
    Store(StoreForm),
    /// 催办 (`parts::remind_button`).
    Remind,
    #[cfg(feature = "staff")]
    Panel(Panel),
    /// A button in the page's row of actions that need no input.
    #[cfg(feature = "staff")]
    Button(Button),
}

/// How a history entry's note reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Note {
    /// As written.
    Plain,
    /// A tracking number (物流单号：…).
    Tracking,
    /// A store's sales in yuan (销售额（元）：¥…).
    Sales,
}

/// What a person entered for an action, as (label, value) lines in their language, read
/// back from the request kept in the outbox.
pub(crate) type Entered = fn(Lang, &Pending) -> Option<Vec<(String, String)>>;

/// Everything the client knows of one action beyond `shared`'s rules and words.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Row {
    pub place: Place,
    pub note: Note,
    /// `None`: nothing typed worth showing again (or never queued on this build).
    pub entered: Option<Entered>,
}

const fn at(place: Place) -> Row {
    Row { place, note: Note::Plain, entered: None }
}

/// The table: every action's row.
pub(crate) fn row(kind: ActionKind) -> Row {
    use ActionKind as K;
    match kind {
        K::Create | K::RecordNeeds | K::Comment | K::Cancel => at(Place::Elsewhere),
        K::StartNeeds => {
            at(center!(Place::Button(Button { label: Text::StartNeeds, action: || Action::StartNeeds(StartNeeds {}) })))
        }
        K::CompleteNeeds => at(center!(Place::Button(Button {
            label: Text::CompleteNeeds,
            action: || Action::CompleteNeeds(CompleteNeeds {})
        }))),
        K::CompleteProduction => at(center!(Place::Button(Button {
            label: Text::CompleteProduction,
            action: || Action::CompleteProduction(CompleteProduction { note: String::new() })
        }))),
        K::FinishExecution => at(center!(Place::Button(Button {
            label: Text::FinishExecution,
            action: || Action::FinishExecution(FinishExecution {})
        }))),
        K::RecordBrainstorm => at(center!(Place::Panel(Panel::Brainstorm))),
        K::SavePlan => at(center!(Place::Panel(Panel::Plan(PlanStep::Save)))),
        K::SubmitDraft => at(center!(Place::Panel(Panel::Plan(PlanStep::SubmitDraft)))),
        K::SubmitForApproval => at(center!(Place::Panel(Panel::Plan(PlanStep::SubmitForApproval)))),
        K::Approve => at(center!(Place::Panel(Panel::Decision(Decision::Approve)))),
        K::SendBack => at(center!(Place::Panel(Panel::Decision(Decision::SendBack)))),
        K::OverrideLate => at(center!(Place::Panel(Panel::Decision(Decision::OverrideLate)))),
        K::UpdateTask => at(center!(Place::Panel(Panel::Tasks))),
        K::UploadProof => at(center!(Place::Panel(Panel::Proofs(ProofStep::Upload)))),
        K::CommentProof => at(center!(Place::Panel(Panel::Proofs(ProofStep::Comment)))),
        K::DecideProof => at(center!(Place::Panel(Panel::Proofs(ProofStep::Decide)))),
        K::RecordShipment => Row { note: Note::Tracking, ..at(center!(Place::Panel(Panel::Shipment))) },
        K::AssignHelp => at(center!(Place::Panel(Panel::AssignHelp))),
        K::SubmitSummary => at(center!(Place::Panel(Panel::Summary))),
        K::RecordOrder => at(center!(Place::Panel(Panel::Money(MoneyForm::Order)))),
        K::CancelOrder => at(center!(Place::Panel(Panel::Money(MoneyForm::Cancel)))),
        K::RecordInvoice => at(center!(Place::Panel(Panel::Money(MoneyForm::Invoice)))),
        K::ApproveOverrun => at(center!(Place::Panel(Panel::Money(MoneyForm::Overrun)))),
        K::ConfirmPlan => Row { entered: Some(entered_confirm_plan), ..at(Place::Store(StoreForm::ConfirmPlan)) },
        K::RequestChanges => Row { entered: Some(entered_changes), ..at(Place::Store(StoreForm::AskChanges)) },
        K::ConfirmReceipt => Row { entered: Some(entered_receipt), ..at(Place::Store(StoreForm::Receipt)) },
        K::ReportSales => Row { note: Note::Sales, entered: Some(entered_sales), ..at(Place::Store(StoreForm::Sales)) },
        K::Rate => Row { entered: Some(entered_rating), ..at(Place::Store(StoreForm::Rate)) },
        K::RequestHelp => Row { entered: Some(entered_help), ..at(Place::Store(StoreForm::Help)) },
        K::SendReminder => Row { entered: Some(entered_reminder), ..at(Place::Remind) },
    }
}

/// The actions the server says the person looking may take now (`CampaignDetail::actions`),
/// asked by place: the page's parts learn from it which forms to show.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Allowed(Rc<[ActionKind]>);

impl Allowed {
    pub(crate) fn of(detail: &CampaignDetail) -> Self {
        Allowed(detail.actions.iter().filter(|a| a.allowed).map(|a| a.action).collect())
    }

    /// Whether some allowed action is taken at `place`.
    pub(crate) fn shows(&self, place: Place) -> bool {
        self.0.iter().any(|kind| row(*kind).place == place)
    }

    pub(crate) fn store(&self, form: StoreForm) -> bool {
        self.shows(Place::Store(form))
    }

    #[cfg(feature = "staff")]
    pub(crate) fn panel(&self, panel: Panel) -> bool {
        self.shows(Place::Panel(panel))
    }

    /// The allowed actions that are a button with no input, in the server's order.
    #[cfg(feature = "staff")]
    pub(crate) fn buttons(&self) -> impl Iterator<Item = (ActionKind, Button)> + '_ {
        self.0.iter().filter_map(|kind| match row(*kind).place {
            Place::Button(button) => Some((*kind, button)),
            _ => None,
        })
    }
}

fn lines(l: Lang, items: Vec<String>) -> String {
    items.join(pick(l, "；", "; "))
}

fn entered_sales(l: Lang, pending: &Pending) -> Option<Vec<(String, String)>> {
    let a = pending.action_input::<ReportSales>()?;
    Some(vec![(t(l, Text::SalesAmount).to_owned(), format!("{} {}", a.amount, pick(l, "元", "yuan")))])
}

fn entered_rating(l: Lang, pending: &Pending) -> Option<Vec<(String, String)>> {
    let a = pending.action_input::<Rate>()?;
    let verdict = if a.satisfied { pick(l, "满意", "Satisfied") } else { pick(l, "不满意", "Not satisfied") };
    let mut out = vec![(pick(l, "评价", "Rating").to_owned(), verdict.to_owned())];
    if !a.comment.is_empty() {
        out.push((t(l, Text::Comment).to_owned(), a.comment));
    }
    Some(out)
}

fn entered_help(l: Lang, pending: &Pending) -> Option<Vec<(String, String)>> {
    let a = pending.action_input::<RequestHelp>()?;
    let what = match a.kind {
        HelpKind::Photography => pick(l, "摄影摄像", "Photo and video"),
        HelpKind::MarketExecution => pick(l, "市场执行", "On-site execution"),
    };
    Some(vec![
        (pick(l, "需要的支持", "Help asked for").to_owned(), what.to_owned()),
        (t(l, Text::Note).to_owned(), a.note),
    ])
}

fn entered_changes(l: Lang, pending: &Pending) -> Option<Vec<(String, String)>> {
    let a = pending.action_input::<RequestChanges>()?;
    Some(vec![(t(l, Text::Comment).to_owned(), a.comment)])
}

fn entered_reminder(l: Lang, pending: &Pending) -> Option<Vec<(String, String)>> {
    let a = pending.action_input::<SendReminder>().filter(|a| !a.note.is_empty())?;
    Some(vec![(t(l, Text::Note).to_owned(), a.note)])
}

fn entered_receipt(l: Lang, pending: &Pending) -> Option<Vec<(String, String)>> {
    let a = pending.action_input::<ConfirmReceipt>()?;
    let mut out = vec![(
        pick(l, "到货明细", "Delivery").to_owned(),
        lines(l, a.lines.iter().map(|r| receipt_line(l, r)).collect()),
    )];
    if !a.photos.is_empty() {
        out.push((t(l, Text::Photos).to_owned(), a.photos.len().to_string()));
    }
    Some(out)
}

fn entered_confirm_plan(l: Lang, pending: &Pending) -> Option<Vec<(String, String)>> {
    let plan = pending.action_input::<ConfirmPlan>()?.plan;
    let entered = vec![
        (pick(l, "活动时间", "Dates").to_owned(), format!("{} – {}", date(l, plan.starts_on), date(l, plan.ends_on))),
        (t(l, Text::ShipOn).to_owned(), date(l, plan.ship_on)),
        (
            t(l, Text::Materials).to_owned(),
            lines(l, plan.materials.iter().map(|m| format!("{} {} × {}", m.item, m.size, m.quantity)).collect()),
        ),
        (
            t(l, Text::Gifts).to_owned(),
            lines(l, plan.gifts.iter().map(|g| format!("{} × {}", g.item, g.quantity)).collect()),
        ),
    ];
    Some(entered.into_iter().filter(|(_, v)| !v.trim().is_empty()).collect())
}

/// One line of a receipt as the store reported it: `福袋 80/100，损坏 2（说明）`.
fn receipt_line(l: Lang, r: &ReceiptLine) -> String {
    let mut text = format!("{} {}/{}", r.item, r.received, r.expected);
    if r.damaged > 0 {
        text.push_str(&format!("{}{}", pick(l, "，损坏 ", ", damaged "), r.damaged));
    }
    if !r.note.is_empty() {
        text.push_str(&format!("（{}）", r.note));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_a_row_and_buttons_build_their_own_action() {
        for kind in ActionKind::every() {
            let row = row(kind);
            #[cfg(feature = "staff")]
            if let Place::Button(button) = row.place {
                assert_eq!((button.action)().kind(), kind, "{kind:?}'s button sends another action");
            }
            // Only the store's own actions (and reminders) are read back from the outbox.
            let store_side = matches!(row.place, Place::Store(_) | Place::Remind);
            assert_eq!(row.entered.is_some(), store_side, "{kind:?}");
        }
    }

    #[test]
    fn allowed_actions_show_their_places() {
        let allowed = Allowed([ActionKind::ConfirmPlan, ActionKind::SendReminder].into_iter().collect());
        assert!(allowed.store(StoreForm::ConfirmPlan));
        assert!(!allowed.store(StoreForm::AskChanges), "asking for changes is its own action");
        assert!(allowed.shows(Place::Remind));
        assert!(!Allowed::default().shows(Place::Remind));
    }

    #[test]
    fn a_receipt_line_says_what_was_short_and_damaged() {
        let line =
            ReceiptLine { item: "福袋".into(), expected: 100, received: 80, damaged: 2, note: "说明".into() };
        assert_eq!(receipt_line(Lang::Zh, &line), "福袋 80/100，损坏 2（说明）");
    }
}

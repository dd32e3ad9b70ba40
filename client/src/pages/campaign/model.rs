//! The campaign page's model: what it shows (the campaign as last fetched, or the copy
//! kept on this tablet), what the last action attempt came to, and whether a fetch or a
//! send is on its way. [`Page::update`] is pure: the page's effects (`super`) fetch and
//! send, and report here what came back.

use std::rc::Rc;

use shared::api::CampaignDetail;
use shared::messages::FieldError;
use yew::Reducible;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Load {
    Loading,
    Missing,
    Ready(Rc<CampaignDetail>),
    /// No answer and no copy kept on this tablet.
    NotKept,
}

/// What the last action attempt came to (a queued one shows from the outbox itself).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Outcome {
    None,
    /// Someone else changed the campaign first: the entries after `seen_history` are
    /// what they did.
    Conflict {
        seen_history: usize,
    },
    /// The server refused it: the fields and the reason in the reader's language.
    Refused(Vec<FieldError>, String),
}

/// What a fetch of the campaign came to.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Fetched {
    Fresh(Rc<CampaignDetail>),
    /// 404: nothing by that id this person may see.
    Missing,
    /// No answer; the copy kept when it was last seen, and when that was.
    Kept(Rc<CampaignDetail>, f64),
    /// No answer and no copy kept.
    NothingKept,
    /// Another failure: what is shown stays.
    Failed,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Msg {
    Fetched(Fetched),
    /// Fetch again (the server is back, the live stream or the outbox says it changed).
    Reload,
    /// The person asked to refresh: the last outcome goes, and "已刷新" follows.
    Refresh,
    /// Sending starts: every action button waits.
    Sending,
    /// One action of those sent is accepted: the campaign as it is after it.
    Accepted(Rc<CampaignDetail>),
    /// All were sent (or queued).
    Sent,
    /// Sending stopped at a refusal (`None`: no answer, what was shown stays).
    Stopped(Option<Outcome>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Page {
    pub load: Load,
    pub outcome: Outcome,
    /// Bumped to fetch again: the fetching effect runs on it.
    pub reload: u32,
    /// An action sent and not answered yet.
    pub sending: bool,
    /// When the page shown is a kept copy (the server could not be reached): its time.
    pub stale: Option<f64>,
    pub refreshing: bool,
}

impl Default for Page {
    fn default() -> Self {
        Page { load: Load::Loading, outcome: Outcome::None, reload: 0, sending: false, stale: None, refreshing: false }
    }
}

impl Page {
    /// Applies what happened; whether anything changed (nothing to show again if not).
    pub(crate) fn update(&mut self, msg: Msg) -> bool {
        let before = self.clone();
        match msg {
            Msg::Fetched(fetched) => {
                match fetched {
                    Fetched::Fresh(detail) => {
                        self.stale = None;
                        self.load = Load::Ready(detail);
                    }
                    Fetched::Missing => self.load = Load::Missing,
                    Fetched::Kept(detail, at) => {
                        self.stale = Some(at);
                        self.load = Load::Ready(detail);
                    }
                    // With nothing shown yet, say there is nothing kept; else keep what is shown.
                    Fetched::NothingKept if self.load == Load::Loading => self.load = Load::NotKept,
                    Fetched::NothingKept | Fetched::Failed => {}
                }
                self.refreshing = false;
            }
            Msg::Reload => self.reload = self.reload.wrapping_add(1),
            Msg::Refresh => {
                self.outcome = Outcome::None;
                self.refreshing = true;
                self.reload = self.reload.wrapping_add(1);
            }
            Msg::Sending => self.sending = true,
            Msg::Accepted(detail) => self.load = Load::Ready(detail),
            Msg::Sent => {
                self.outcome = Outcome::None;
                self.sending = false;
            }
            Msg::Stopped(outcome) => {
                if let Some(outcome) = outcome {
                    self.outcome = outcome;
                }
                self.sending = false;
            }
        }
        *self != before
    }

    /// The campaign shown, if there is one.
    pub(crate) fn detail(&self) -> Option<&Rc<CampaignDetail>> {
        match &self.load {
            Load::Ready(detail) => Some(detail),
            _ => None,
        }
    }

    /// Whether a change the live stream reports is newer than what is shown.
    pub(crate) fn is_behind(&self, version: u64) -> bool {
        version > self.detail().map_or(0, |d| d.campaign.campaign().version)
    }
}

impl Reducible for Page {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut next = (*self).clone();
        if next.update(msg) { Rc::new(next) } else { self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A campaign detail as the server sends one, at `version`.
    pub(crate) fn detail(version: u64) -> Rc<CampaignDetail> {
        use shared::campaign::{Campaign, CampaignType, Stage};
        use shared::ids::{CampaignId, PersonId, UserId};
        use shared::org::{Actor, Role};
        let requested_on = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default();
        let campaign = Campaign {
            title: "春节".into(),
            stage: Stage::Needs,
            version,
            ..Campaign::blank(CampaignId(7), CampaignType::HolidayPromotion, requested_on)
        };
        let planner =
            Actor { user: UserId(2), person: PersonId(2), name: "企划".into(), role: Role::Planning, store: None };
        let Some(campaign) = shared::view::CampaignView::for_actor(&campaign, &planner) else {
            panic!("a planner sees the campaign");
        };
        Rc::new(CampaignDetail {
            campaign,
            stages: Vec::new(),
            overdue: false,
            working_days_left: None,
            deadline_provisional: false,
            lead_time_short: false,
            schedule: Vec::new(),
            schedule_estimated: false,
            standing: shared::schedule::Standing::default(),
            money: None,
            actions: Vec::new(),
            reminds: Vec::new(),
            handler: None,
        })
    }

    #[test]
    fn a_fresh_answer_replaces_a_kept_copy() {
        let mut page = Page::default();
        assert!(page.update(Msg::Fetched(Fetched::Kept(detail(3), 1000.0))));
        assert_eq!(page.stale, Some(1000.0));
        page.update(Msg::Fetched(Fetched::Fresh(detail(4))));
        assert_eq!((page.stale, page.detail().map(|d| d.campaign.campaign().version)), (None, Some(4)));
    }

    #[test]
    fn no_answer_and_no_copy_says_so_only_when_nothing_is_shown() {
        let mut page = Page::default();
        page.update(Msg::Fetched(Fetched::NothingKept));
        assert_eq!(page.load, Load::NotKept);
        let mut shown = Page::default();
        shown.update(Msg::Fetched(Fetched::Fresh(detail(1))));
        shown.update(Msg::Fetched(Fetched::NothingKept));
        assert!(shown.detail().is_some(), "what is shown stays");
        shown.update(Msg::Fetched(Fetched::Missing));
        assert_eq!(shown.load, Load::Missing);
    }

    #[test]
    fn refreshing_clears_the_outcome_and_ends_with_the_fetch() {
        let mut page = Page::default();
        page.update(Msg::Stopped(Some(Outcome::Conflict { seen_history: 2 })));
        page.update(Msg::Refresh);
        assert_eq!((page.outcome.clone(), page.refreshing, page.reload), (Outcome::None, true, 1));
        page.update(Msg::Fetched(Fetched::Failed));
        assert!(!page.refreshing);
    }

    #[test]
    fn sending_waits_until_sent_or_stopped() {
        let mut page = Page::default();
        page.update(Msg::Sending);
        assert!(page.sending);
        page.update(Msg::Accepted(detail(2)));
        assert!(page.sending, "the next action still goes");
        page.update(Msg::Stopped(Some(Outcome::Refused(Vec::new(), "不行".into()))));
        assert!(!page.sending);
        assert_eq!(page.outcome, Outcome::Refused(Vec::new(), "不行".into()));
        page.update(Msg::Sending);
        page.update(Msg::Stopped(None));
        assert_eq!(page.outcome, Outcome::Refused(Vec::new(), "不行".into()), "no answer leaves the outcome");
        page.update(Msg::Sending);
        page.update(Msg::Sent);
        assert_eq!((page.outcome, page.sending), (Outcome::None, false));
    }

    #[test]
    fn only_a_newer_version_is_behind() {
        let mut page = Page::default();
        assert!(page.is_behind(1));
        page.update(Msg::Fetched(Fetched::Fresh(detail(5))));
        assert!(!page.is_behind(5));
        assert!(page.is_behind(6));
        assert!(!page.update(Msg::Fetched(Fetched::Fresh(detail(5)))), "the same answer changes nothing");
    }
}

//! A demo campaign's life: who takes which step on which day, run through the real
//! `workflow::apply`.

use super::*;

/// Who takes a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum By {
    /// The planner of the campaign (the deputy manager for the annual plan).
    Planner,
    Vp,
    Design,
    Video,
    Brand,
    Merchandise,
    Purchasing,
    Service,
    Market,
    Manager(StoreId),
}

/// A demo campaign before it is run: what the order says, and when it was placed.
#[derive(Debug, Clone)]
pub(super) struct Spec {
    pub(super) kind: CampaignType,
    pub(super) title: String,
    pub(super) stores: Vec<StoreId>,
    pub(super) creator: By,
    /// The planner (index in `Cast::planners`) covering the first store, who does the
    /// planning; `None`: the deputy manager.
    pub(super) planner: Option<usize>,
    pub(super) requested_on: NaiveDate,
    pub(super) starts_on: Option<NaiveDate>,
    pub(super) ends_on: Option<NaiveDate>,
    pub(super) due_on: Option<NaiveDate>,
    pub(super) plan_year: Option<i32>,
    /// Cancelled this many working days after the request, for this reason.
    pub(super) cancel: Option<(u32, &'static str)>,
    /// Whoever acts in this stage has not: the campaign stays in it.
    pub(super) stall: Option<Stage>,
    /// The first store asks for on-site help when the materials arrive.
    pub(super) help: Option<HelpKind>,
    /// Varies the texts, days and figures from one campaign to the next.
    pub(super) seed: u32,
}

/// One step of a campaign's life: on which day, by whom, what.
#[derive(Debug, Clone)]
pub(super) struct Step {
    pub(super) on: NaiveDate,
    pub(super) by: By,
    pub(super) action: Action,
}

/// Steps in order; no step is dated before the one before it.
pub(super) struct Timeline {
    pub(super) steps: Vec<Step>,
    pub(super) at: NaiveDate,
}

impl Timeline {
    pub(super) fn push(&mut self, on: NaiveDate, by: By, action: Action) {
        let on = on.max(self.at);
        self.at = on;
        self.steps.push(Step { on, by, action });
    }

    /// Steps taken independently of each other (one per store, say), in order of day.
    pub(super) fn push_all(&mut self, mut batch: Vec<(NaiveDate, By, Action)>) {
        batch.sort_by_key(|(on, _, _)| *on);
        for (on, by, action) in batch {
            self.push(on, by, action);
        }
    }
}

/// Stamps history entries: office hours in China, a few minutes apart on the same day,
/// never going back, never later than `latest_ms`.
pub(super) struct Stamper {
    pub(super) seed: u32,
    pub(super) last: Option<(NaiveDate, u32)>,
    pub(super) last_ms: i64,
    pub(super) latest_ms: i64,
}

impl Stamper {
    const OPENS: u32 = 9 * 3600;
    const CLOSES: u32 = 18 * 3600 - 60;

    pub(super) fn new(seed: u32, latest_ms: i64) -> Self {
        Stamper { seed, last: None, last_ms: 0, latest_ms }
    }

    pub(super) fn at(&mut self, on: NaiveDate) -> i64 {
        let seconds = match self.last {
            Some((day, seconds)) if day == on => {
                (seconds + 120 + self.seed.wrapping_mul(37).wrapping_add(seconds) % 600).min(Self::CLOSES)
            }
            _ => Self::OPENS + self.seed.wrapping_mul(613).wrapping_add(on.ordinal() * 97) % 5400,
        };
        self.last = Some((on, seconds));
        let midnight_utc = on.and_time(NaiveTime::MIN).and_utc().timestamp_millis();
        let ms = midnight_utc + i64::from(seconds) * 1000 - CHINA_UTC_OFFSET_MS;
        let ms = ms.min(self.latest_ms).max(self.last_ms);
        self.last_ms = ms;
        ms
    }
}

/// One store's rating, as the first run of the demo gave it: when, for whom.
pub(super) struct Slot {
    pub(super) key: (usize, StoreId),
    pub(super) month: YearMonth,
    pub(super) owner: Option<PersonId>,
    pub(super) staff: Vec<PersonId>,
}

/// The campaigns of the demo, and the ones that could not be made (with why).
#[derive(Debug, Default)]
pub(super) struct Demo {
    pub(super) campaigns: Vec<Campaign>,
    pub(super) problems: Vec<String>,
    /// The steps of the last days ([`RECENT_DAYS`]), as they happened: what the people
    /// they concern were told about (the bell is not empty on the first morning).
    pub(super) recent: Vec<Recent>,
}

/// How many days back the demo's steps are told as notifications.
pub(super) const RECENT_DAYS: u64 = 3;

/// One recent step: the campaign before it, the action and who took it, and after.
#[derive(Debug)]
pub(super) struct Recent {
    pub(super) before: Campaign,
    pub(super) action: Action,
    pub(super) actor: Actor,
    pub(super) after: Campaign,
    /// When it was taken (Unix ms).
    pub(super) at_unix_ms: i64,
}

/// The region the demo is made for, and the day it is made on.
pub(super) struct Region<'a> {
    pub(super) today: NaiveDate,
    pub(super) calendar: &'a Calendar,
    /// The schedule templates requests are measured against.
    pub(super) templates: &'a shared::schedule::Templates,
    pub(super) cast: &'a Cast,
    /// Each planner's stores (the order of `Cast::planners`).
    pub(super) groups: &'a [Vec<StoreId>],
    pub(super) names: &'a BTreeMap<StoreId, String>,
    pub(super) coverage: &'a Coverage,
    /// The store being prepared, and the day it opens.
    pub(super) new_store: Option<(StoreId, NaiveDate)>,
    /// No history entry is stamped later than this (the real time, when today is today).
    pub(super) latest_ms: i64,
}

impl Region<'_> {
    // --- working days (R8), from the region's calendar; a year it does not hold (the
    // demo never reaches one) is estimated at five working days a week

    pub(super) fn working(&self, day: NaiveDate) -> bool {
        self.calendar.is_working_day(day).unwrap_or(!matches!(day.weekday(), Weekday::Sat | Weekday::Sun))
    }

    /// The `n`-th working day after `from`.
    pub(super) fn add_wd(&self, from: NaiveDate, n: u32) -> NaiveDate {
        self.calendar.add_working_days(from, n).unwrap_or_else(|_| plus(from, i64::from(n) * 7 / 5))
    }

    /// The `n`-th working day before `from`.
    pub(super) fn sub_wd(&self, from: NaiveDate, n: u32) -> NaiveDate {
        self.calendar.sub_working_days(from, n).unwrap_or_else(|_| plus(from, -(i64::from(n) * 7 / 5)))
    }

    pub(super) fn workday_on_or_before(&self, day: NaiveDate) -> NaiveDate {
        if self.working(day) { day } else { self.sub_wd(day, 1) }
    }

    // --- the region

    pub(super) fn planner_of(&self, store: StoreId) -> Option<usize> {
        self.groups.iter().position(|g| g.contains(&store))
    }

    pub(super) fn is_open(&self, store: StoreId) -> bool {
        self.new_store.is_none_or(|(new, _)| new != store)
    }

    /// A planner's stores that are open.
    pub(super) fn open_group(&self, planner: usize) -> Vec<StoreId> {
        self.groups.get(planner).map(|g| g.iter().copied().filter(|s| self.is_open(*s)).collect()).unwrap_or_default()
    }

    /// Every open store of the region.
    pub(super) fn open_stores(&self) -> Vec<StoreId> {
        self.groups.iter().flatten().copied().filter(|s| self.is_open(*s)).collect()
    }

    pub(super) fn name(&self, store: StoreId) -> String {
        self.names.get(&store).cloned().unwrap_or_else(|| "门店".into())
    }

    pub(super) fn city(&self, store: StoreId) -> String {
        self.name(store).trim_end_matches('店').to_owned()
    }

    pub(super) fn actor(&self, by: By, spec: &Spec) -> Option<Actor> {
        let cast = self.cast;
        Some(match by {
            By::Planner => match spec.planner {
                Some(p) => cast.planners.get(p)?.clone(),
                None => cast.deputy.clone(),
            },
            By::Vp => cast.vp.clone(),
            By::Design => cast.design.clone(),
            By::Video => cast.video.clone(),
            By::Brand => cast.brand.clone(),
            By::Merchandise => cast.merchandise.clone(),
            By::Purchasing => cast.purchasing.clone(),
            By::Service => cast.service.clone(),
            By::Market => cast.market.clone(),
            By::Manager(store) => cast.managers.get(&store)?.clone(),
        })
    }

    // --- the campaigns

    /// Every demo campaign, run through the workflow, ids in the order they were requested.
    pub(super) fn generate(&self, next_id: &mut dyn FnMut() -> Option<u64>) -> Demo {
        let mut specs = self.specs();
        specs.sort_by_key(|s| (s.requested_on, s.seed));
        // A first run with every store satisfied tells when each rating falls and whose
        // KPI it counts for; the verdicts are then chosen so R7 tells the README's story.
        let mut slots = Vec::new();
        for (i, spec) in specs.iter().enumerate() {
            if let Ok(trial) = self.build(spec, CampaignId(0), &|_| true) {
                for rating in &trial.ratings {
                    let mut staff = rating.staff.clone();
                    staff.sort_unstable();
                    staff.dedup();
                    slots.push(Slot {
                        key: (i, rating.store),
                        month: YearMonth::of(rating.on),
                        owner: trial.assignee,
                        staff,
                    });
                }
            }
        }
        let verdicts = self.verdicts(slots);
        let mut demo = Demo::default();
        for (i, spec) in specs.iter_mut().enumerate() {
            let Some(id) = next_id() else {
                demo.problems.push("no campaign id could be allocated".into());
                break;
            };
            if verdicts.without_help.contains(&i) {
                spec.help = None;
            }
            let satisfied = |store: StoreId| verdicts.satisfied.get(&(i, store)).copied().unwrap_or(true);
            match self.build_telling(spec, CampaignId(id), &satisfied) {
                Ok((campaign, recent)) => {
                    demo.campaigns.push(campaign);
                    demo.recent.extend(recent);
                }
                Err(problem) => demo.problems.push(problem),
            }
        }
        demo
    }

    /// Opens the campaign on its request day and takes every step due by today, each on
    /// its own day, through `workflow::apply`.
    pub(super) fn build(
        &self,
        spec: &Spec,
        id: CampaignId,
        satisfied: &dyn Fn(StoreId) -> bool,
    ) -> Result<Campaign, String> {
        self.build_telling(spec, id, satisfied).map(|(campaign, _)| campaign)
    }

    /// As [`Self::build`], with the steps of the last [`RECENT_DAYS`] days.
    pub(super) fn build_telling(
        &self,
        spec: &Spec,
        id: CampaignId,
        satisfied: &dyn Fn(StoreId) -> bool,
    ) -> Result<(Campaign, Vec<Recent>), String> {
        let mut recent = Vec::new();
        let told_from = self.today - chrono::Days::new(RECENT_DAYS);
        let creator = self.actor(spec.creator, spec).ok_or_else(|| format!("{}: no one to open it", spec.title))?;
        let mut stamper = Stamper::new(spec.seed, self.latest_ms);
        let ctx = Context {
            today: spec.requested_on,
            now_unix_ms: stamper.at(spec.requested_on),
            calendar: self.calendar,
            templates: self.templates,
            tolerance_percent: shared::costs::DEFAULT_TOLERANCE_PERCENT,
        };
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let form = NewCampaign {
            kind: spec.kind,
            title: spec.title.clone(),
            stores: spec.stores.clone(),
            starts_on: date(spec.starts_on),
            ends_on: date(spec.ends_on),
            due_on: date(spec.due_on),
            plan_year: spec.plan_year,
            needs: needs_for(spec.kind),
        };
        let exists = |store: StoreId| self.names.contains_key(&store);
        let mut campaign = create_campaign(id, &form, &creator, &ctx, self.coverage, &exists)
            .map_err(|v| format!("{}: refused at intake on {}: {:?}", spec.title, spec.requested_on, v.errors))?;
        for step in self.steps(spec, satisfied) {
            if step.on > self.today || spec.stall == Some(campaign.stage) {
                break;
            }
            let actor = self.actor(step.by, spec).ok_or_else(|| format!("{}: no one for {:?}", spec.title, step.by))?;
            let kind = step.action.kind();
            let ctx = Context {
                today: step.on,
                now_unix_ms: stamper.at(step.on),
                calendar: self.calendar,
                templates: self.templates,
                tolerance_percent: shared::costs::DEFAULT_TOLERANCE_PERCENT,
            };
            let told = (step.on >= told_from).then(|| step.action.clone());
            let after = apply(&campaign, step.action, &actor, &ctx)
                .map_err(|v| format!("{}: {kind:?} on {} refused: {:?}", spec.title, step.on, v.errors))?
                .campaign;
            if let Some(action) = told {
                recent.push(Recent {
                    before: campaign,
                    action,
                    actor,
                    after: after.clone(),
                    at_unix_ms: ctx.now_unix_ms,
                });
            }
            campaign = after;
        }
        Ok((campaign, recent))
    }

    /// The stage the campaign is in today, as `workflow::apply` leaves it after the steps
    /// due by today (every store satisfied); `None` when a step is refused.
    pub(super) fn stage_today(&self, spec: &Spec) -> Option<Stage> {
        self.build(spec, CampaignId(0), &|_| true).ok().map(|c| c.stage)
    }

    /// The whole life of a campaign, whether due yet or not.
    pub(super) fn steps(&self, spec: &Spec, satisfied: &dyn Fn(StoreId) -> bool) -> Vec<Step> {
        let mut timeline = Timeline { steps: Vec::new(), at: spec.requested_on };
        match spec.kind {
            CampaignType::VideoProduction => self.video_steps(spec, satisfied, &mut timeline),
            CampaignType::AnnualPlan => self.annual_steps(spec, &mut timeline),
            _ => self.full_steps(spec, satisfied, &mut timeline),
        }
        let mut steps = timeline.steps;
        if let Some((after, reason)) = spec.cancel {
            let on = self.add_wd(spec.requested_on, after);
            steps.retain(|s| s.on < on);
            steps.push(Step { on, by: By::Planner, action: Action::Cancel(Cancel { reason: reason.into() }) });
        }
        steps
    }

    pub(super) fn brainstorm(&self, spec: &Spec) -> Brainstorm {
        let mut attendees: Vec<String> = Vec::new();
        for by in [By::Planner, By::Design] {
            if let Some(actor) = self.actor(by, spec) {
                attendees.push(actor.name);
            }
        }
        if !attendees.contains(&self.cast.deputy.name) {
            attendees.push(self.cast.deputy.name.clone());
        }
        let notes = match spec.kind {
            CampaignType::HolidayPromotion => {
                "节日主推足金饰品与婚庆套系，满额赠礼，老会员双倍积分；各店按客流调整赠品数量。"
            }
            CampaignType::StoreOpening => "开业典礼加三天让利，进店有礼，开业前一周朋友圈与社区推广预热。",
            CampaignType::NewProductLaunch => "新品专柜陈列加试戴引流，配合短视频；首发期间九五折。",
            CampaignType::AnnualPlan => "按季度排节假日促销，上半年重点婚庆，下半年重点国庆与年终；新品推广穿插其中。",
            _ => "结合门店老客户做答谢，主推黄金饰品，配合满额赠礼。",
        };
        Brainstorm { notes: notes.into(), attendees }
    }

    /// 日常节假日促销, 开业活动, 个性活动, 新品推广: the full workflow.
    pub(super) fn full_steps(&self, spec: &Spec, satisfied: &dyn Fn(StoreId) -> bool, t: &mut Timeline) {
        let requested = spec.requested_on;
        let starts = spec.starts_on.unwrap_or(requested);
        let ends = spec.ends_on.unwrap_or(starts);
        let k = spec.seed as usize;
        let wd = |n: u32| self.add_wd(requested, n);
        let stores = &spec.stores;

        // 需求了解 → 头脑风暴 → 初拟方案 → 方案修改 → 定稿审批, over three weeks.
        t.push(wd(1), By::Planner, Action::StartNeeds(StartNeeds {}));
        t.push(wd(3), By::Planner, Action::CompleteNeeds(CompleteNeeds {}));
        t.push(wd(5), By::Planner, Action::RecordBrainstorm(RecordBrainstorm { brainstorm: self.brainstorm(spec) }));
        t.push(wd(8), By::Planner, Action::SavePlan(SavePlan { plan: plan_for(spec, 1), note: "初稿".into() }));
        t.push(wd(8), By::Planner, Action::SubmitDraft(SubmitDraft {}));
        t.push(wd(9), By::Design, task(Role::Design, TaskStatus::InProgress, "活动主视觉设计中"));
        t.push(
            wd(10),
            By::Vp,
            Action::Comment(Comment {
                text: "主题再聚焦一些；预算按门店数核定，物料尺寸请与门店核对。".into()
            }),
        );
        t.push(
            wd(12),
            By::Planner,
            Action::SavePlan(SavePlan { plan: plan_for(spec, 2), note: "按副总经理意见修改".into() }),
        );
        t.push(wd(13), By::Design, task(Role::Design, TaskStatus::Done, "主视觉与物料设计定稿"));
        t.push(wd(13), By::Planner, Action::SubmitForApproval(SubmitForApproval {}));
        t.push(wd(14), By::Vp, Action::Approve(Approve {}));

        // 门店确认: each store within a week of the approval.
        let approved = t.at;
        let ship_planned = self.sub_wd(starts, 5).min(starts);
        let mut batch: Vec<(NaiveDate, By, Action)> = stores
            .iter()
            .enumerate()
            .map(|(i, store)| {
                let plan = store_plan(spec.kind, starts, ends, ship_planned);
                (
                    self.add_wd(approved, 1 + ((i * 7 + k) % 5) as u32),
                    By::Manager(*store),
                    Action::ConfirmPlan(ConfirmPlan { store: *store, plan }),
                )
            })
            .collect();
        batch.push((self.add_wd(approved, 1), By::Video, task(Role::Video, TaskStatus::Done, "门店素材已收集")));
        batch.push((
            self.add_wd(approved, 2),
            By::Merchandise,
            task(Role::Merchandise, TaskStatus::InProgress, "活动货品调配中"),
        ));
        t.push_all(batch);

        // 下单制作, then 发货 a week before the start (in two batches for many stores).
        let confirmed = t.at;
        let ship = self.sub_wd(starts, 5).max(self.add_wd(confirmed, 2));
        t.push(
            self.add_wd(confirmed, 1),
            By::Purchasing,
            task(Role::Purchasing, TaskStatus::InProgress, "物料已交印刷厂制作，促销品已下单"),
        );
        let ordered = self.add_wd(confirmed, 1);
        t.push_all(orders_for(spec, stores.len(), ordered, self.sub_wd(starts, 5).max(self.add_wd(confirmed, 2))));
        t.push(self.sub_wd(ship, 1), By::Merchandise, task(Role::Merchandise, TaskStatus::Done, "活动货品已备齐"));
        let second_batch = self.add_wd(ship, 1);
        let batch = stores
            .iter()
            .enumerate()
            .map(|(i, store)| {
                let on = if stores.len() > 10 && i >= stores.len() / 2 { second_batch } else { ship };
                (
                    on,
                    By::Purchasing,
                    Action::RecordShipment(RecordShipment {
                        store: *store,
                        items: shipped_items(),
                        shipped_on: on,
                        tracking: format!("SF{:05}{:03}", spec.seed, i + 1),
                    }),
                )
            })
            .collect();
        t.push_all(batch);
        t.push(t.at, By::Purchasing, task(Role::Purchasing, TaskStatus::Done, "物料与促销品已全部发出"));

        // 到店确认 within three working days; the first store may ask for on-site help.
        let shipped = t.at;
        let mut batch = Vec::new();
        for (i, store) in stores.iter().enumerate() {
            let on = self.add_wd(shipped, 1 + ((i * 5 + k) % 3) as u32);
            let lines = receipt_lines(satisfied(*store));
            batch.push((
                on,
                By::Manager(*store),
                Action::ConfirmReceipt(ConfirmReceipt { store: *store, lines, photos: vec![] }),
            ));
            if i == 0
                && let Some(kind) = spec.help
            {
                let note = match kind {
                    HelpKind::MarketExecution => "开业当天需要市场执行人员到店支持",
                    HelpKind::Photography => "活动首日需要摄影摄像到店拍摄",
                };
                batch.push((
                    on,
                    By::Manager(*store),
                    Action::RequestHelp(RequestHelp { store: *store, kind, note: note.into() }),
                ));
                batch.push((
                    self.add_wd(on, 1),
                    By::Brand,
                    Action::AssignHelp(AssignHelp {
                        request: 1,
                        person: self.cast.brand.person,
                        person_name: self.cast.brand.name.clone(),
                    }),
                ));
            }
        }
        t.push_all(batch);

        // 活动执行: the stores report their sales the working day after it ends; then
        // 活动总结 and each store's 满意度评价 within a week.
        let sales_day = self.add_wd(ends, 1);
        let batch = stores
            .iter()
            .enumerate()
            .map(|(i, store)| {
                (
                    sales_day,
                    By::Manager(*store),
                    Action::ReportSales(ReportSales { store: *store, amount: sales_amount(spec, i) }),
                )
            })
            .collect();
        t.push_all(batch);
        t.push(self.add_wd(ends, 2), By::Planner, Action::FinishExecution(FinishExecution {}));
        let total: i64 = (0..stores.len()).map(|i| sales_amount(spec, i).0).sum();
        let damaged = stores.iter().filter(|s| !satisfied(**s)).count();
        let delivery = if damaged == 0 {
            "物料到店及时".to_owned()
        } else {
            format!("{damaged}家门店物料运输破损，已补发")
        };
        let notes = format!(
            "{}家门店按计划执行，店头销售合计 {} 元；{delivery}，客流较平日明显提升。",
            stores.len(),
            Fen(total)
        );
        t.push(self.add_wd(ends, 4), By::Planner, Action::SubmitSummary(SubmitSummary { notes, photos: vec![] }));
        let summarised = t.at;
        let batch = stores
            .iter()
            .enumerate()
            .map(|(i, store)| {
                let ok = satisfied(*store);
                (
                    self.add_wd(summarised, 1 + ((i * 3 + k) % 4) as u32),
                    By::Manager(*store),
                    Action::Rate(Rate { store: *store, satisfied: ok, comment: rating_comment(ok, i + k) }),
                )
            })
            .collect();
        t.push_all(batch);
    }

    /// 影视制作: script, approval, production by the due day, summary, the store's rating.
    pub(super) fn video_steps(&self, spec: &Spec, satisfied: &dyn Fn(StoreId) -> bool, t: &mut Timeline) {
        let requested = spec.requested_on;
        let due = spec.due_on.unwrap_or(requested);
        let wd = |n: u32| self.add_wd(requested, n);
        t.push(wd(1), By::Video, Action::StartNeeds(StartNeeds {}));
        t.push(wd(2), By::Video, Action::CompleteNeeds(CompleteNeeds {}));
        t.push(wd(4), By::Video, Action::SavePlan(SavePlan { plan: plan_for(spec, 1), note: "拍摄脚本初稿".into() }));
        t.push(wd(4), By::Video, Action::SubmitDraft(SubmitDraft {}));
        t.push(wd(6), By::Video, Action::SavePlan(SavePlan { plan: plan_for(spec, 2), note: "按意见调整分镜".into() }));
        t.push(wd(7), By::Video, Action::SubmitForApproval(SubmitForApproval {}));
        t.push(wd(8), By::Vp, Action::Approve(Approve {}));
        t.push(
            self.sub_wd(due, 1),
            By::Video,
            Action::CompleteProduction(CompleteProduction { note: "成片已交付".into() }),
        );
        t.push(
            self.add_wd(due, 1),
            By::Video,
            Action::SubmitSummary(SubmitSummary {
                notes: "成片已在门店朋友圈与抖音发布，首周播放量良好。".into(),
                photos: vec![],
            }),
        );
        let summarised = t.at;
        for (i, store) in spec.stores.iter().enumerate() {
            let ok = satisfied(*store);
            t.push(
                self.add_wd(summarised, 1 + spec.seed % 3),
                By::Manager(*store),
                Action::Rate(Rate {
                    store: *store,
                    satisfied: ok,
                    comment: rating_comment(ok, i + spec.seed as usize),
                }),
            );
        }
    }

    /// 年度方案: seven weeks from the kick-off to the VP's approval, before 15 December.
    pub(super) fn annual_steps(&self, spec: &Spec, t: &mut Timeline) {
        let wd = |n: u32| self.add_wd(spec.requested_on, n);
        t.push(wd(2), By::Planner, Action::StartNeeds(StartNeeds {}));
        t.push(wd(6), By::Planner, Action::CompleteNeeds(CompleteNeeds {}));
        t.push(wd(10), By::Planner, Action::RecordBrainstorm(RecordBrainstorm { brainstorm: self.brainstorm(spec) }));
        t.push(
            wd(15),
            By::Planner,
            Action::SavePlan(SavePlan { plan: plan_for(spec, 1), note: "年度方案初稿".into() }),
        );
        t.push(wd(15), By::Planner, Action::SubmitDraft(SubmitDraft {}));
        t.push(
            wd(20),
            By::Vp,
            Action::Comment(Comment {
                text: "各季度预算再细化，婚庆季与国庆的投入要有依据。".into()
            }),
        );
        t.push(
            wd(25),
            By::Planner,
            Action::SavePlan(SavePlan { plan: plan_for(spec, 2), note: "按副总经理意见修改".into() }),
        );
        t.push(
            wd(30),
            By::Planner,
            Action::SavePlan(SavePlan { plan: plan_for(spec, 3), note: "补充各季度预算".into() }),
        );
        t.push(wd(32), By::Planner, Action::SubmitForApproval(SubmitForApproval {}));
        t.push(wd(35), By::Vp, Action::Approve(Approve {}));
    }
}

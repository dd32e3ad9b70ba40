//! The org chart (组织架构): departments and groups, positions, people, stores, and the
//! roles people act in. Who covers which store decides who a new campaign is assigned to.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{OrgUnitId, PersonId, PositionId, StoreId, UserId};
use crate::messages::{FieldError, Message};
use crate::text::{self, Lines};

pub const NAME_MAX_CHARS: usize = 50;
pub const TEXT_MAX_CHARS: usize = 2000;
pub const LIST_MAX_ITEMS: usize = 50;
pub const STORE_CODE_MAX_CHARS: usize = 20;

/// What a person does in Campaign Desk; decides which actions they may take (R6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 店长: one per franchise store, acts for that store only (R5).
    StoreManager,
    /// 加盟服务中心: places orders on a store's behalf.
    ServiceCenter,
    /// 市场部: notifies store openings.
    Market,
    /// 企划部 / 策划部: owns every campaign.
    Planning,
    /// 设计部.
    Design,
    /// 影视制作部.
    Video,
    /// 品牌部: props, display, on-site staff.
    Brand,
    /// 货品部 (商品组).
    Merchandise,
    /// 采购部.
    Purchasing,
    /// 品牌营销副总经理: approves plans.
    Vp,
    /// Maintains the org, users, stores and the calendar.
    Admin,
}

impl Role {
    pub const ALL: [Role; 11] = [
        Role::StoreManager,
        Role::ServiceCenter,
        Role::Market,
        Role::Planning,
        Role::Design,
        Role::Video,
        Role::Brand,
        Role::Merchandise,
        Role::Purchasing,
        Role::Vp,
        Role::Admin,
    ];

    pub fn name_zh(self) -> &'static str {
        match self {
            Role::StoreManager => "店长",
            Role::ServiceCenter => "加盟服务中心",
            Role::Market => "市场部",
            Role::Planning => "企划部",
            Role::Design => "设计部",
            Role::Video => "影视制作部",
            Role::Brand => "品牌部",
            Role::Merchandise => "货品部",
            Role::Purchasing => "采购部",
            Role::Vp => "品牌营销副总经理",
            Role::Admin => "系统管理员",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Role::StoreManager => "store manager",
            Role::ServiceCenter => "franchise service center",
            Role::Market => "market department",
            Role::Planning => "planning department",
            Role::Design => "design department",
            Role::Video => "video department",
            Role::Brand => "brand department",
            Role::Merchandise => "merchandise department",
            Role::Purchasing => "purchasing department",
            Role::Vp => "VP of brand marketing",
            Role::Admin => "administrator",
        }
    }

    /// The name in both languages, as messages quote it.
    pub fn name(self) -> crate::messages::Name {
        crate::messages::Name { zh: self.name_zh(), en: self.name_en() }
    }

    /// Staff of the marketing center (whose work store ratings judge, R7).
    pub fn is_center_staff(self) -> bool {
        matches!(
            self,
            Role::Planning | Role::Design | Role::Video | Role::Brand | Role::Merchandise | Role::Purchasing | Role::Vp
        )
    }
}

/// Who is acting: the account, the person behind it, the role, and for a store manager
/// the one store they act for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Actor {
    pub user: UserId,
    pub person: PersonId,
    pub name: String,
    pub role: Role,
    pub store: Option<StoreId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Province {
    /// 黑龙江
    Heilongjiang,
    /// 吉林
    Jilin,
    /// 内蒙古
    InnerMongolia,
}

impl Province {
    pub const ALL: [Province; 3] = [Province::Heilongjiang, Province::Jilin, Province::InnerMongolia];

    pub fn name_zh(self) -> &'static str {
        match self {
            Province::Heilongjiang => "黑龙江",
            Province::Jilin => "吉林",
            Province::InnerMongolia => "内蒙古",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Province::Heilongjiang => "Heilongjiang",
            Province::Jilin => "Jilin",
            Province::InnerMongolia => "Inner Mongolia",
        }
    }

    /// The name in both languages, as messages quote it.
    pub fn name(self) -> crate::messages::Name {
        crate::messages::Name { zh: self.name_zh(), en: self.name_en() }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum StoreStatus {
    /// 筹备中: announced, not yet open.
    Preparing,
    Open,
    Closed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Store {
    pub id: StoreId,
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 20)))]
    pub code: String,
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 50)))]
    pub name: String,
    pub province: Province,
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 50)))]
    pub city: String,
    #[cfg_attr(feature = "schema", schemars(length(min = 0, max = 2000)))]
    pub address: String,
    pub manager: Option<PersonId>,
    #[serde(with = "crate::clock::wire_day::option", default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub opened_on: Option<NaiveDate>,
    pub status: StoreStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrgUnitKind {
    /// A management layer, e.g. 集团管理监督层.
    Layer,
    Department,
    Group,
}

/// A department, group or layer (部门 / 组).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OrgUnit {
    pub id: OrgUnitId,
    pub kind: OrgUnitKind,
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 50)))]
    pub name: String,
    pub parent: Option<OrgUnitId>,
    /// 部门目标.
    pub goal: String,
    /// 职责.
    pub responsibilities: Vec<String>,
    /// The campaign role people of this unit act in, if any.
    pub role: Option<Role>,
}

/// A position (岗位) with its duties, authorities and key indicators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Position {
    pub id: PositionId,
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 50)))]
    pub title: String,
    pub unit: OrgUnitId,
    /// 直接上级.
    pub reports_to: Option<PositionId>,
    /// 工作职责.
    pub duties: Vec<String>,
    /// 工作权限.
    pub authorities: Vec<String>,
    /// 关键指标, e.g. 年度销售计划达成率.
    pub key_indicators: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Person {
    pub id: PersonId,
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 50)))]
    pub name: String,
    #[cfg_attr(feature = "schema", schemars(length(min = 0, max = 50)))]
    pub contact: String,
    pub positions: Vec<PositionId>,
    /// The stores this person covers (a planner's 负责门店).
    pub stores_covered: Vec<StoreId>,
    pub account: Option<UserId>,
}

fn check_text(field: &str, value: &str, required: bool, max_chars: usize, errors: &mut Vec<FieldError>) {
    text::check_text(field, value.trim(), required, max_chars, Lines::One, errors);
}

fn check_paragraph(field: &str, value: &str, errors: &mut Vec<FieldError>) {
    text::check_text(field, value.trim(), false, TEXT_MAX_CHARS, Lines::Many, errors);
}

fn check_list(field: &str, items: &[String], errors: &mut Vec<FieldError>) {
    if items.len() > LIST_MAX_ITEMS {
        errors.push(FieldError::new(field, &Message::TooMany { max_items: LIST_MAX_ITEMS }));
    }
    for (i, item) in items.iter().enumerate() {
        check_text(&format!("{field}[{i}]"), item, true, TEXT_MAX_CHARS, errors);
    }
}

impl Store {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_text("code", &self.code, true, STORE_CODE_MAX_CHARS, &mut errors);
        check_text("name", &self.name, true, NAME_MAX_CHARS, &mut errors);
        check_text("city", &self.city, true, NAME_MAX_CHARS, &mut errors);
        check_text("address", &self.address, false, TEXT_MAX_CHARS, &mut errors);
        errors
    }
}

impl OrgUnit {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_text("name", &self.name, true, NAME_MAX_CHARS, &mut errors);
        check_paragraph("goal", &self.goal, &mut errors);
        check_list("responsibilities", &self.responsibilities, &mut errors);
        if self.parent == Some(self.id) {
            errors.push(FieldError::new("parent", &Message::OrgCycle));
        }
        errors
    }
}

impl Position {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_text("title", &self.title, true, NAME_MAX_CHARS, &mut errors);
        check_list("duties", &self.duties, &mut errors);
        check_list("authorities", &self.authorities, &mut errors);
        check_list("key_indicators", &self.key_indicators, &mut errors);
        if self.reports_to == Some(self.id) {
            errors.push(FieldError::new("reports_to", &Message::OrgCycle));
        }
        errors
    }
}

impl Person {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_text("name", &self.name, true, NAME_MAX_CHARS, &mut errors);
        check_text("contact", &self.contact, false, NAME_MAX_CHARS, &mut errors);
        if self.stores_covered.len() > 200 {
            errors.push(FieldError::new("stores_covered", &Message::TooMany { max_items: 200 }));
        }
        errors
    }
}

/// Checks that setting `unit`'s parent to `parent` keeps the org a tree.
pub fn would_cycle(units: &BTreeMap<OrgUnitId, OrgUnit>, unit: OrgUnitId, parent: Option<OrgUnitId>) -> bool {
    let mut cursor = parent;
    let mut steps = 0;
    while let Some(current) = cursor {
        if current == unit || steps > units.len() {
            return true;
        }
        cursor = units.get(&current).and_then(|u| u.parent);
        steps += 1;
    }
    false
}

/// Who covers which store: a planner's assignment, used to route new campaigns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Coverage {
    planner_by_store: BTreeMap<StoreId, PersonId>,
}

impl Coverage {
    /// Builds the coverage from planners (people acting in the planning role). When two
    /// planners list the same store, the one listed first wins; the admin UI shows it.
    pub fn from_planners<'a>(planners: impl IntoIterator<Item = &'a Person>) -> Self {
        let mut planner_by_store = BTreeMap::new();
        for person in planners {
            for store in &person.stores_covered {
                planner_by_store.entry(*store).or_insert(person.id);
            }
        }
        Coverage { planner_by_store }
    }

    pub fn planner_for(&self, store: StoreId) -> Option<PersonId> {
        self.planner_by_store.get(&store).copied()
    }

    /// The campaign's assignee: the planner covering its first store that has one.
    pub fn assignee_for(&self, stores: &[StoreId]) -> Option<PersonId> {
        stores.iter().find_map(|s| self.planner_for(*s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: u64, parent: Option<u64>) -> OrgUnit {
        OrgUnit {
            id: OrgUnitId(id),
            kind: OrgUnitKind::Department,
            name: format!("unit {id}"),
            parent: parent.map(OrgUnitId),
            goal: String::new(),
            responsibilities: vec![],
            role: None,
        }
    }

    #[test]
    fn moving_a_unit_under_its_own_descendant_is_a_cycle() {
        let units: BTreeMap<_, _> =
            [unit(1, None), unit(2, Some(1)), unit(3, Some(2))].into_iter().map(|u| (u.id, u)).collect();
        assert!(would_cycle(&units, OrgUnitId(1), Some(OrgUnitId(3))));
        assert!(!would_cycle(&units, OrgUnitId(3), Some(OrgUnitId(1))));
    }

    #[test]
    fn a_store_routes_to_its_covering_planner() {
        let planner = |id, stores: &[u64]| Person {
            id: PersonId(id),
            name: format!("p{id}"),
            contact: String::new(),
            positions: vec![],
            stores_covered: stores.iter().copied().map(StoreId).collect(),
            account: None,
        };
        let people = [planner(1, &[10, 11]), planner(2, &[12])];
        let coverage = Coverage::from_planners(&people);
        assert_eq!(coverage.assignee_for(&[StoreId(12)]), Some(PersonId(2)));
        assert_eq!(coverage.assignee_for(&[StoreId(99), StoreId(11)]), Some(PersonId(1)));
        assert_eq!(coverage.assignee_for(&[StoreId(99)]), None);
    }
}

//! The app's URLs: real paths (the server answers every non-API path with the app), so
//! the back button works and a reload keeps the page.

use shared::campaign::CampaignType;
use wasm_bindgen::JsValue;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Home,
    /// `/new` (choose a type) or `/new/{type}`.
    New(Option<CampaignType>),
    Campaign(u64),
    /// The printable summary of a campaign (replaces the PPT).
    Summary(u64),
    Kpi,
    /// The center's costs across campaigns (VP, administrator, purchasing).
    Costs,
    Admin,
    Calendar,
    /// What the user was told (notifications).
    Notifications,
    NotFound,
}

fn kind_slug(kind: CampaignType) -> &'static str {
    match kind {
        CampaignType::HolidayPromotion => "holiday",
        CampaignType::StoreOpening => "opening",
        CampaignType::StoreSpecific => "store-specific",
        CampaignType::NewProductLaunch => "new-product",
        CampaignType::VideoProduction => "video",
        CampaignType::AnnualPlan => "annual",
    }
}

impl Route {
    pub fn parse(path: &str) -> Route {
        let parts: Vec<&str> = path.trim_matches('/').split('/').filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            [] => Route::Home,
            ["new"] => Route::New(None),
            ["new", slug] => CampaignType::ALL
                .into_iter()
                .find(|k| kind_slug(*k) == *slug)
                .map_or(Route::NotFound, |k| Route::New(Some(k))),
            ["campaigns", id] => id.parse().map_or(Route::NotFound, Route::Campaign),
            ["campaigns", id, "summary"] => id.parse().map_or(Route::NotFound, Route::Summary),
            ["kpi"] => Route::Kpi,
            ["costs"] => Route::Costs,
            ["calendar"] => Route::Calendar,
            ["admin"] => Route::Admin,
            ["notifications"] => Route::Notifications,
            _ => Route::NotFound,
        }
    }

    pub fn path(&self) -> String {
        match self {
            Route::Home => "/".into(),
            Route::New(None) => "/new".into(),
            Route::New(Some(kind)) => format!("/new/{}", kind_slug(*kind)),
            Route::Campaign(id) => format!("/campaigns/{id}"),
            Route::Summary(id) => format!("/campaigns/{id}/summary"),
            Route::Kpi => "/kpi".into(),
            Route::Costs => "/costs".into(),
            Route::Calendar => "/calendar".into(),
            Route::Admin => "/admin".into(),
            Route::Notifications => "/notifications".into(),
            Route::NotFound => "/not-found".into(),
        }
    }

    pub fn current() -> Route {
        let path = web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default();
        Route::parse(&path)
    }
}

/// Goes to `route`, adding a history entry, and tells the app (through `popstate`).
pub fn navigate(route: &Route) {
    if let Some(window) = web_sys::window() {
        if let Ok(history) = window.history() {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&route.path()));
        }
        if let Ok(event) = web_sys::Event::new("popstate") {
            let _ = window.dispatch_event(&event);
        }
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

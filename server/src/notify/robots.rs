//! Group-chat robots: 企业微信 group robots (markdown; the key is in the URL), 钉钉 custom
//! robots (加签: `timestamp` and `sign` = base64(HMAC-SHA256(secret, "timestamp\nsecret"))
//! on the URL) and 飞书 custom bots (`timestamp` and `sign` = base64(HMAC-SHA256(key =
//! "timestamp\nsecret", empty message)) in the body).
//!
//! Messages wait in the `deliveries` tree (written with the action that caused them) and
//! one worker sends them: a failure is retried after a delay that doubles each time,
//! jittered (`shared::backoff`), and after [`MAX_ATTEMPTS`] the delivery is parked for the administrator. The workflow never
//! waits for a robot. URLs must be https on the platform's own host (unless the server
//! runs with `--allow-private-webhooks`, for tests against a loopback receiver); secrets
//! are never logged nor returned.

use std::sync::atomic::AtomicU64;
use std::time::Duration;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use shared::api::RobotKind;

use crate::storage::Store;
use crate::storage::notices::Webhook;

/// Resolves names for the robots' client and keeps only public addresses: loopback,
/// private, link-local, shared (CGNAT), multicast and unspecified addresses are dropped,
/// and a name with nothing left is an error before any connection is made.
#[derive(Debug)]
pub struct PublicAddressesOnly;

impl reqwest::dns::Resolve for PublicAddressesOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<std::net::SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let public: Vec<std::net::SocketAddr> = found.into_iter().filter(|a| is_public(a.ip())).collect();
            if public.is_empty() {
                return Err(format!("{host} resolves to no public address").into());
            }
            Ok(Box::new(public.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// Whether an address is on the public internet (where the platforms' robots are).
pub fn is_public(ip: std::net::IpAddr) -> bool {
    use std::net::IpAddr;
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_multicast()
                || v4.is_broadcast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 198 && (b == 18 || b == 19))
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || first == 0x2001 && v6.segments()[1] == 0x0db8)
        }
    }
}

/// Attempts before a delivery is parked.
pub const MAX_ATTEMPTS: u32 = 8;
/// The longest wait between two attempts.
const BACKOFF_MAX: Duration = Duration::from_secs(3600);
/// How long one request to a platform may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

pub struct Robots {
    wake: tokio::sync::Notify,
    client: reqwest::Client,
    /// Accept any http(s) URL (loopback receivers in tests); refused otherwise.
    pub allow_private: bool,
    /// The first retry's delay; each next one doubles it.
    pub backoff_base: Duration,
    pub sent: AtomicU64,
    pub failures: AtomicU64,
}

impl Robots {
    pub fn new(allow_private: bool, backoff_base: Duration) -> Robots {
        let builder = reqwest::Client::builder();
        // The platform's name is checked when the robot is saved; the address it resolves
        // to is checked on every connection, so a name that points inside (a vendor host
        // spoofed to 127.0.0.1, DNS rebinding) is never connected to.
        let builder =
            if allow_private { builder } else { builder.dns_resolver(std::sync::Arc::new(PublicAddressesOnly)) };
        let client = builder
            .timeout(REQUEST_TIMEOUT)
            .connect_timeout(Duration::from_secs(5))
            // A robot URL must never lead the server elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("campaign-desk")
            .build()
            .unwrap_or_default();
        Robots {
            wake: tokio::sync::Notify::new(),
            client,
            allow_private,
            backoff_base,
            sent: AtomicU64::new(0),
            failures: AtomicU64::new(0),
        }
    }

    /// New deliveries are waiting: send now rather than at the next poll.
    /// Until [`Robots::wake`] is called (or was, since the last wait).
    pub async fn woken(&self) {
        self.wake.notified().await;
    }

    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// (waiting, parked) deliveries.
    pub fn outbox_counts(&self, store: &Store) -> (u64, u64) {
        let all = store.deliveries().unwrap_or_default();
        let parked = all.iter().filter(|d| d.parked).count() as u64;
        (all.len() as u64 - parked, parked)
    }

    /// Whether `url` may be a robot of `kind`: https on one of the platform's hosts.
    pub fn check_url(&self, kind: RobotKind, url: &str) -> Result<(), &'static str> {
        let parsed = reqwest::Url::parse(url.trim()).map_err(|_| "not a URL")?;
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err("a URL with a user name or password");
        }
        if self.allow_private {
            return match parsed.scheme() {
                "http" | "https" => Ok(()),
                _ => Err("not http or https"),
            };
        }
        if parsed.scheme() != "https" {
            return Err("not https");
        }
        if parsed.port().is_some_and(|p| p != 443) {
            return Err("not the platform's port");
        }
        match parsed.host_str() {
            Some(host) if kind.hosts().contains(&host) => Ok(()),
            _ => Err("not the platform's host"),
        }
    }

    /// Posts one message; the platform's answer on success, the reason on failure (never
    /// with the URL, which for 企业微信 carries the robot's key).
    pub async fn post(&self, webhook: &Webhook, title: &str, text: &str, link: &str) -> Result<String, String> {
        self.check_url(webhook.kind, &webhook.url).map_err(str::to_owned)?;
        let now = chrono::Utc::now();
        let with_link = if link.is_empty() { text.to_owned() } else { format!("{text}\n\n[查看活动]({link})") };
        let request = match webhook.kind {
            RobotKind::WeCom => self
                .client
                .post(&webhook.url)
                .json(&WeComMessage { msgtype: "markdown", markdown: WeComMarkdown { content: with_link } }),
            RobotKind::DingTalk => {
                let mut url = reqwest::Url::parse(&webhook.url).map_err(|_| "not a URL".to_owned())?;
                if !webhook.secret.is_empty() {
                    let timestamp = now.timestamp_millis();
                    let sign = dingtalk_sign(&webhook.secret, timestamp);
                    url.query_pairs_mut().append_pair("timestamp", &timestamp.to_string()).append_pair("sign", &sign);
                }
                self.client.post(url).json(&DingTalkMessage {
                    msgtype: "markdown",
                    markdown: DingTalkMarkdown { title: title.to_owned(), text: with_link },
                })
            }
            RobotKind::Feishu => {
                let plain = if link.is_empty() {
                    text.replace("**", "")
                } else {
                    format!("{}\n{link}", text.replace("**", ""))
                };
                let (timestamp, sign) = if webhook.secret.is_empty() {
                    (None, None)
                } else {
                    let timestamp = now.timestamp();
                    (Some(timestamp.to_string()), Some(feishu_sign(&webhook.secret, timestamp)))
                };
                self.client.post(&webhook.url).json(&FeishuMessage {
                    timestamp,
                    sign,
                    msg_type: "text",
                    content: FeishuText { text: plain },
                })
            }
        };
        let response = request.send().await.map_err(|e| e.without_url().to_string())?;
        let status = response.status();
        let body = response.text().await.map_err(|e| e.without_url().to_string())?;
        let answer: PlatformAnswer = serde_json::from_str(&body).unwrap_or_default();
        let code = answer.errcode.or(answer.code).or(answer.status_code).unwrap_or(0);
        let short: String = body.chars().take(300).collect();
        if status.is_success() && code == 0 { Ok(short) } else { Err(format!("HTTP {}: {short}", status.as_u16())) }
    }

    /// The delay before attempt `attempts + 1`: the base doubled per failure, at most
    /// [`BACKOFF_MAX`], then jittered over its upper half (`shared::backoff`) so that the
    /// deliveries one outage failed together are not all retried at the same instant.
    pub fn backoff(&self, attempts: u32) -> Duration {
        shared::backoff::delay(attempts, self.backoff_base, BACKOFF_MAX, crate::auth::random_u32())
    }
}

#[derive(Serialize)]
struct WeComMessage {
    msgtype: &'static str,
    markdown: WeComMarkdown,
}

#[derive(Serialize)]
struct WeComMarkdown {
    content: String,
}

#[derive(Serialize)]
struct DingTalkMessage {
    msgtype: &'static str,
    markdown: DingTalkMarkdown,
}

#[derive(Serialize)]
struct DingTalkMarkdown {
    title: String,
    text: String,
}

#[derive(Serialize)]
struct FeishuMessage {
    #[serde(skip_serializing_if = "Option::is_none")]
    timestamp: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sign: Option<String>,
    msg_type: &'static str,
    content: FeishuText,
}

#[derive(Serialize)]
struct FeishuText {
    text: String,
}

/// What the platforms answer: 企业微信 and 钉钉 `errcode`, 飞书 `code` (or `StatusCode`);
/// 0 is success.
#[derive(Deserialize, Default)]
struct PlatformAnswer {
    errcode: Option<i64>,
    code: Option<i64>,
    #[serde(rename = "StatusCode")]
    status_code: Option<i64>,
}

/// 钉钉's 加签: base64(HMAC-SHA256(key = secret, message = "{timestamp_ms}\n{secret}")).
pub fn dingtalk_sign(secret: &str, timestamp_ms: i64) -> String {
    // HMAC takes a key of any length: this never fails.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else { return String::new() };
    mac.update(format!("{timestamp_ms}\n{secret}").as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// 飞书's signature: base64(HMAC-SHA256(key = "{timestamp_s}\n{secret}", message = "")).
pub fn feishu_sign(secret: &str, timestamp_s: i64) -> String {
    let key = format!("{timestamp_s}\n{secret}");
    let Ok(mac) = Hmac::<Sha256>::new_from_slice(key.as_bytes()) else { return String::new() };
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_count_as_public() {
        for inside in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.9",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "224.0.0.1",
        ] {
            assert!(!is_public(inside.parse().unwrap()), "{inside}");
        }
        for outside in ["8.8.8.8", "203.119.129.1", "2400:3200::1"] {
            assert!(is_public(outside.parse().unwrap()), "{outside}");
        }
    }

    #[tokio::test]
    async fn a_name_that_resolves_inside_is_never_connected_to() {
        use reqwest::dns::Resolve as _;
        let name: reqwest::dns::Name = "localhost".parse().unwrap();
        assert!(PublicAddressesOnly.resolve(name).await.is_err(), "localhost is 127.0.0.1 or ::1");
        // And the client built without --allow-private-webhooks uses it: a robot whose host
        // resolves to this machine fails before any byte reaches it.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let robots = Robots::new(false, Duration::from_millis(10));
        let sent = robots.client.post(format!("https://localhost:{port}/")).send().await;
        assert!(sent.is_err());
        assert!(listener.accept().is_err(), "nothing connected");
    }

    #[test]
    fn signatures_match_the_platforms_documented_scheme() {
        // Computed independently with Python's hmac module, from each platform's docs.
        assert_eq!(dingtalk_sign("SECabc", 1_700_000_000_000), "jcUpW0QmtKduN03n4JqQ0PBosVjqnM8gU7fIIvsDmCM=");
        assert_eq!(feishu_sign("secret", 1_700_000_000), "fiWS2+gh28DOydAv7hzONH/mDn9+b1Y4Y5ivXWXy8vA=");
    }

    #[test]
    fn only_the_platforms_own_https_hosts_are_accepted() {
        let robots = Robots::new(false, Duration::from_secs(1));
        assert!(robots.check_url(RobotKind::WeCom, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x").is_ok());
        assert!(robots.check_url(RobotKind::WeCom, "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x").is_err());
        assert!(robots.check_url(RobotKind::DingTalk, "https://qyapi.weixin.qq.com/x").is_err());
        assert!(robots.check_url(RobotKind::Feishu, "https://127.0.0.1/x").is_err());
        assert!(robots.check_url(RobotKind::Feishu, "https://10.0.0.8/x").is_err());
        assert!(robots.check_url(RobotKind::Feishu, "https://user:pw@open.feishu.cn/x").is_err());
        assert!(robots.check_url(RobotKind::DingTalk, "https://oapi.dingtalk.com:8443/robot/send").is_err());
        let testing = Robots::new(true, Duration::from_secs(1));
        assert!(testing.check_url(RobotKind::Feishu, "http://127.0.0.1:9/x").is_ok());
    }

    #[test]
    fn the_delay_doubles_up_to_an_hour_jittered_over_its_upper_half() {
        let robots = Robots::new(false, Duration::from_secs(2));
        let within = |attempts: u32, top: Duration| {
            let wait = robots.backoff(attempts);
            assert!(wait >= top / 2 && wait <= top, "{attempts}: {wait:?}");
        };
        within(1, Duration::from_secs(2));
        within(2, Duration::from_secs(4));
        within(5, Duration::from_secs(32));
        within(40, BACKOFF_MAX);
    }
}

//! Accounts and sessions: Argon2id password hashes (hashed off the async runtime, a few
//! at a time), random session tokens kept only as SHA-256 in sled, who is logged in
//! (`CurrentUser`, extracted in `api::session`), and login throttling per account and per
//! client address.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::http::{HeaderValue, header};
use sha2::{Digest, Sha256};
use shared::ids::{PersonId, StoreId, UserId};
use shared::org::{Actor, Person, Role};
use tokio::sync::Semaphore;

use crate::error::AppError;
use crate::storage::{StorageError, UserRecord};
use crate::throttle::{LoginThrottle, Reservation};

/// The session cookie's name over plain HTTP (development, a private network).
pub const SESSION_COOKIE: &str = "cd_session";
/// Its name under HTTPS: the `__Host-` prefix makes browsers refuse it unless it is
/// `Secure`, for this host only and for the whole path, so no sibling subdomain can plant
/// one (cookie tossing).
pub const SECURE_SESSION_COOKIE: &str = "__Host-cd_session";
/// The known-device cookie (`throttle`): over plain HTTP, and under HTTPS.
pub const DEVICE_COOKIE: &str = "cd_device";
pub const SECURE_DEVICE_COOKIE: &str = "__Host-cd_device";
/// How long a browser stays a known device without logging in again: a year.
const DEVICE_COOKIE_MAX_AGE_S: u64 = 365 * 24 * 3600;

/// HMAC-SHA256 of a known-device cookie's body, truncated to 16 bytes.
fn device_mac(key: &[u8; 32], body: &[u8]) -> Option<[u8; 16]> {
    use hmac::Mac as _;
    let mut mac = hmac::Hmac::<Sha256>::new_from_slice(key).ok()?;
    mac.update(body);
    let full = mac.finalize().into_bytes();
    full.get(..16)?.try_into().ok()
}

/// Concurrent password hashes: each takes 19 MiB and ~50 ms of a core.
pub const HASHING_PERMITS: usize = 2;

/// The client's address, put into each request's extensions by the accept loop.
#[derive(Debug, Clone, Copy)]
pub struct PeerAddr(pub std::net::SocketAddr);

/// Login machinery shared by all requests.
pub struct Auth {
    hashing: Arc<Semaphore>,
    /// Hashes and checks asked for since the start (`/metrics`), each of which waits for
    /// a permit.
    asked: std::sync::atomic::AtomicU64,
    pub throttle: LoginThrottle,
    pub session_ttl: Duration,
    /// Mark cookies `Secure` and `__Host-` (when served over TLS or behind an https public
    /// URL).
    pub secure_cookies: bool,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<IpAddr>,
}

impl Auth {
    pub fn new(session_ttl: Duration, secure_cookies: bool, trusted_proxies: Vec<IpAddr>) -> Arc<Self> {
        Arc::new(Auth {
            hashing: Arc::new(Semaphore::new(HASHING_PERMITS)),
            asked: std::sync::atomic::AtomicU64::new(0),
            throttle: LoginThrottle::default(),
            session_ttl,
            secure_cookies,
            trusted_proxies,
        })
    }

    pub fn cookie_name(&self) -> &'static str {
        if self.secure_cookies { SECURE_SESSION_COOKIE } else { SESSION_COOKIE }
    }

    /// Reserves a login attempt (`crate::throttle`), or refuses it with 429. `device` is
    /// the hash of a known-device cookie verified for this login's account.
    pub fn reserve_attempt(
        &self,
        login: &str,
        address: IpAddr,
        device: Option<[u8; 32]>,
    ) -> Result<Reservation, AppError> {
        self.throttle
            .reserve(&login.trim().to_lowercase(), address, device)
            .map_err(|wait| AppError::TooManyAttempts { retry_after_s: wait.as_secs().max(1) })
    }

    /// The known-device cookie's name (`__Host-` under HTTPS, as the session's).
    pub fn device_cookie_name(&self) -> &'static str {
        if self.secure_cookies { SECURE_DEVICE_COOKIE } else { DEVICE_COOKIE }
    }

    /// The `Set-Cookie` value saying "this browser has logged in to `user`": the user id,
    /// when, and an HMAC of both with the server's device key. Kept a year.
    pub fn device_cookie(&self, key: &[u8; 32], user: UserId, now_unix_ms: i64) -> Result<HeaderValue, AppError> {
        let mut body = [0u8; 16];
        body[..8].copy_from_slice(&user.0.to_be_bytes());
        body[8..].copy_from_slice(&now_unix_ms.to_be_bytes());
        let tag = device_mac(key, &body).ok_or_else(|| internal("device key"))?;
        let token: String = body.iter().chain(tag.iter()).map(|b| format!("{b:02x}")).collect();
        self.set_cookie(self.device_cookie_name(), token, DEVICE_COOKIE_MAX_AGE_S)
    }

    /// The hash of the request's known-device cookie, if it is one this server signed for
    /// `user` (any other value counts as no cookie).
    pub fn known_device(&self, key: &[u8; 32], headers: &axum::http::HeaderMap, user: UserId) -> Option<[u8; 32]> {
        let token = cookie_value(headers, self.device_cookie_name())?;
        let bytes: Vec<u8> = (0..token.len())
            .step_by(2)
            .map(|i| token.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
            .collect::<Option<_>>()?;
        let (body, tag) = bytes.split_at_checked(16)?;
        let user_bytes: [u8; 8] = body.get(..8)?.try_into().ok()?;
        let expected = device_mac(key, body)?;
        if u64::from_be_bytes(user_bytes) != user.0 || !bool::from(subtle::ConstantTimeEq::ct_eq(&expected[..], tag)) {
            return None;
        }
        Some(token_hash(&token))
    }

    /// The client's address: the TCP peer, or, when the peer is a trusted reverse proxy,
    /// the last address in `X-Forwarded-For` that is not one of the trusted proxies.
    pub fn client_address(&self, peer: IpAddr, headers: &axum::http::HeaderMap) -> IpAddr {
        if !self.trusted_proxies.contains(&peer) {
            return peer;
        }
        let forwarded: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse().ok())
            .collect();
        forwarded.into_iter().rev().find(|a| !self.trusted_proxies.contains(a)).unwrap_or(peer)
    }

    /// Password hashes and checks asked for since the start, those still waiting for a
    /// permit included.
    pub fn hashes_asked(&self) -> u64 {
        self.asked.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// A hashing permit, counted in [`Auth::hashes_asked`] as soon as it is asked for.
    async fn hashing_permit(&self) -> Result<tokio::sync::OwnedSemaphorePermit, AppError> {
        self.asked.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.hashing.clone().acquire_owned().await.map_err(|_| internal("hashing closed"))
    }

    /// Hashes a password with Argon2id (OWASP minimum: 19 MiB, 2 passes) off the runtime.
    /// The permit belongs to the hashing task itself, so a request that times out while
    /// its hash runs on does not let another hash start beside it.
    pub async fn hash_password(&self, password: String) -> Result<String, AppError> {
        let permit = self.hashing_permit().await?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let mut salt = [0u8; 16];
            getrandom::getrandom(&mut salt).map_err(|e| internal(&e.to_string()))?;
            let salt = SaltString::encode_b64(&salt).map_err(|e| internal(&e.to_string()))?;
            Argon2::default()
                .hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|e| internal(&e.to_string()))
        })
        .await
        .map_err(|e| internal(&e.to_string()))?
    }

    /// Checks a password against a stored hash, off the runtime. A malformed hash never
    /// matches.
    pub async fn verify_password(&self, password: String, hash: String) -> Result<bool, AppError> {
        let permit = self.hashing_permit().await?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            PasswordHash::new(&hash)
                .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        })
        .await
        .map_err(|e| internal(&e.to_string()))
    }

    /// The `Set-Cookie` value for a new session token.
    pub fn session_cookie(&self, token: &str) -> Result<HeaderValue, AppError> {
        self.set_cookie(self.cookie_name(), token.to_owned(), self.session_ttl.as_secs())
    }

    /// The `Set-Cookie` value that ends the session cookie.
    pub fn clear_cookie(&self) -> HeaderValue {
        self.set_cookie(self.cookie_name(), String::new(), 0)
            .unwrap_or(HeaderValue::from_static("cd_session=; Path=/; Max-Age=0"))
    }

    /// A cookie of ours: for the whole site, never read by scripts, never sent by another
    /// site's request, `Secure` under HTTPS.
    fn set_cookie(&self, name: &'static str, value: String, max_age_s: u64) -> Result<HeaderValue, AppError> {
        let cookie = cookie::Cookie::build((name, value))
            .path("/")
            .http_only(true)
            .same_site(cookie::SameSite::Strict)
            .max_age(cookie::time::Duration::seconds(i64::try_from(max_age_s).unwrap_or(i64::MAX)))
            .secure(self.secure_cookies)
            .build();
        HeaderValue::from_str(&cookie.to_string()).map_err(|e| internal(&e.to_string()))
    }
}

fn internal(detail: &str) -> AppError {
    AppError::Storage(StorageError::Io(detail.to_owned()))
}

/// A new random session token (256 bits, hex) and the hash it is stored under.
pub fn new_token() -> Result<(String, [u8; 32]), AppError> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).map_err(|e| internal(&e.to_string()))?;
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let hash = token_hash(&token);
    Ok((token, hash))
}

/// A random number for spreading retries (`shared::backoff`), from the operating system.
/// Should that fail, the whole doubled wait (`u32::MAX`): the wait retries had before
/// they were jittered, never a shorter one.
pub fn random_u32() -> u32 {
    let mut bytes = [0u8; 4];
    match getrandom::getrandom(&mut bytes) {
        Ok(()) => u32::from_le_bytes(bytes),
        Err(_) => u32::MAX,
    }
}

pub fn token_hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// A random password for the first administrator: 16 characters from an alphabet
/// without look-alikes.
pub fn random_password() -> Result<String, AppError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).map_err(|e| internal(&e.to_string()))?;
    Ok(bytes.iter().map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect())
}

/// The value of the one cookie named `name` in a request; none when absent, empty or
/// given twice (one planted by someone else, say: refused rather than guessed between).
pub fn cookie_value(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    let mut found = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .filter(|cookie| cookie.name() == name && !cookie.value().is_empty())
        .map(|cookie| cookie.value().to_owned());
    let token = found.next()?;
    found.next().is_none().then_some(token)
}

/// The token of a request's `Authorization: Bearer TOKEN` (RFC 6750), without the space
/// around it; none when the header is absent, not text or of another scheme. The feed's
/// accounts and `/metrics` read it here, so the two cannot come to parse it differently.
pub fn bearer_token(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::trim)
}

/// The logged-in user of a request. A route that takes it requires a login: without a
/// valid, unexpired session the request is answered 401.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: UserRecord,
    pub actor: Actor,
    pub token_hash: [u8; 32],
}

impl CurrentUser {
    pub fn role(&self) -> Role {
        self.user.role
    }

    /// Refuses anyone but the given roles (403).
    pub fn require(&self, roles: &[Role]) -> Result<(), AppError> {
        if roles.contains(&self.user.role) { Ok(()) } else { Err(AppError::Forbidden) }
    }

    pub fn store(&self) -> Option<StoreId> {
        self.user.store
    }
}

/// Builds the actor for a user: the person's name, and the store for a store manager.
pub fn actor_for(user: &UserRecord, person: Option<&Person>) -> Actor {
    Actor {
        user: user.id,
        person: user.person,
        name: person.map_or_else(|| user.login.clone(), |p| p.name.clone()),
        role: user.role,
        store: if user.role == Role::StoreManager { user.store } else { None },
    }
}

/// A person id that no person has: accounts without a person (the first admin) use it.
pub const NO_PERSON: PersonId = PersonId(0);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bearer_token_is_read_from_its_header_alone() {
        let with = |value: &'static str| {
            let mut headers = axum::http::HeaderMap::new();
            headers.insert(header::AUTHORIZATION, HeaderValue::from_static(value));
            headers
        };
        assert_eq!(bearer_token(&with("Bearer abc")), Some("abc"));
        assert_eq!(bearer_token(&with("Bearer  abc ")), Some("abc"));
        assert_eq!(bearer_token(&with("Bearer ")), Some(""), "a bearer without a token is refused, not a session");
        assert_eq!(bearer_token(&with("Basic abc")), None);
        assert_eq!(bearer_token(&axum::http::HeaderMap::new()), None);
    }
}

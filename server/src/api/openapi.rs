//! The OpenAPI 3.1 document, built from the endpoint table (`shared::endpoints`) and the
//! JSON Schemas (draft 2020-12, OpenAPI 3.1's own dialect) of the types it names.
//!
//! What a generated client needs beyond the types is added here, from the same table:
//! each answer's status with its meaning and headers (every status a route can answer,
//! each derived from a fact of the table: see [`refusals`]), the public routes, the
//! session cookie and the bearer tokens, the upload's media types and limit, the event
//! stream's events. Two passes make the schemas read well in generated code: an enum of
//! plain values is one `enum` (not a `oneOf` of single values), and a tagged union names
//! each member as a schema of its own with a `discriminator` over its tag.
//!
//! Files travel as `application/octet-stream` in the document wherever a generator needs
//! it to keep the operation: a file sent (the upload, the `.ics` import) is documented as
//! an octet stream, the media types the server also takes named beside it; a file
//! answered (a spreadsheet, a thumbnail, a download) lists its own media type first and
//! the octet stream as an alternative. So a client generated with no configuration has
//! every endpoint.
//!
//! The test command validates the document and generates a Python client from it, with
//! the project's configuration and with none (`tests/integration/api_openapi.rs`).

use schemars::generate::{SchemaGenerator, SchemaSettings};
use schemars::transform::ReplaceBoolSchemas;
use serde_json::{Map, Value, json};
use shared::api::{
    ApiError, FILE_NAME_HEADER_MAX_CHARS, FILE_NAME_MAX_CHARS, IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_MAX_CHARS,
};
use shared::endpoints::{Endpoint, EndpointVisitor, Method, Payload, QueryRules, visit_endpoints};

const SCHEMAS: &str = "#/components/schemas/";

/// The media type every generator reads and sends a file as.
const OCTET_STREAM: &str = "application/octet-stream";

/// The media types an attachment is kept as (the upload judges a file by its bytes).
const FILE_TYPES: [&str; 4] = ["image/jpeg", "image/png", "image/webp", "application/pdf"];

struct Builder {
    generator: SchemaGenerator,
    paths: Map<String, Value>,
}

fn is_public(access: &str) -> bool {
    access.starts_with("anyone")
}

fn header(description: &str, schema: Value) -> Value {
    json!({"description": description, "schema": schema})
}

fn retry_after() -> Value {
    header("Seconds to wait before trying again", json!({"type": "integer", "minimum": 0}))
}

impl Builder {
    fn schema_of<T: schemars::JsonSchema>(&mut self) -> Value {
        self.generator.subschema_for::<T>().to_value()
    }

    /// The query parameters of a query type: the properties of its object schema.
    fn query_parameters<Q: schemars::JsonSchema>(&mut self) -> Vec<Value> {
        let schema = self.generator.subschema_for::<Q>();
        let definition = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.rsplit('/').next())
            .and_then(|name| self.generator.definitions().get(name).cloned())
            .unwrap_or_else(|| schema.to_value());
        let required: Vec<&str> = definition
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        definition
            .get("properties")
            .and_then(Value::as_object)
            .map(|properties| {
                properties
                    .iter()
                    .map(|(name, schema)| {
                        let mut parameter = json!({
                            "name": name, "in": "query",
                            "required": required.contains(&name.as_str()), "schema": schema,
                        });
                        if let Some(text) = schema.get("description") {
                            parameter["description"] = text.clone();
                        }
                        parameter
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The statuses an endpoint answers besides its success, each with its meaning. Each
/// follows from a fact of the endpoint table, so the document cannot drift from the
/// server (and the contract test provokes them: `tests/integration/api_contract.rs`):
/// - 400: a body, a path parameter, a query parameter (`has_query`) or a POST's
///   `Idempotency-Key` that does not read, or is outside the bounds the document gives;
/// - 401 and 403: a route that is not public; 403 also for every write (from another site);
/// - 404: a path parameter names no record the account may see;
/// - 409: a PUT (a stale version, a step that no longer applies) and every POST (its
///   `Idempotency-Key` still being answered);
/// - 413: a body, and a POST (a keyed one is read whole); 415: a body (a thumbnail: a
///   file no thumbnail can be made of);
/// - 422: a body, a POST (an `Idempotency-Key` reused for another request), and a query
///   that a rule can refuse once it reads (`QueryRules::REFUSED_BY_RULES`);
/// - 429: the throttled endpoints; 500 and 503: any.
fn refusal_codes<E: Endpoint>(has_query: bool) -> Vec<(&'static str, &'static str)> {
    let has_body = !matches!(E::REQUEST, Payload::Empty);
    let has_path_ids = E::PATH.contains('{');
    let post = E::METHOD == Method::Post;
    let writes = E::METHOD != Method::Get;
    let public = is_public(E::ACCESS);
    let mut codes: Vec<(&str, &str)> = Vec::new();
    if has_body || has_path_ids || has_query || post {
        codes.push((
            "400",
            "Malformed: the body, a parameter or a header could not be read, or is outside the bounds this \
             document gives it (the field is named)",
        ));
    }
    if !public || E::NAME == "LogIn" {
        codes.push(("401", "Not logged in, the session ended, or (logging in) the login or password is wrong"));
    }
    if !public || writes {
        codes.push(("403", "Not this account's to do or see, or a write from another site"));
    }
    if has_path_ids {
        codes.push(("404", "No such record, or not one this account may see"));
    }
    if E::METHOD == Method::Put || post {
        codes.push((
            "409",
            "The record changed since it was read (the body says the current version), the step no \
             longer applies, or the same Idempotency-Key is still being answered",
        ));
    }
    if has_body || post {
        codes.push(("413", "The body is larger than this endpoint takes (the body says the limit)"));
    }
    if has_body {
        codes.push(("415", "The body is not of a media type this endpoint takes"));
    } else if E::NAME == "GetThumbnail" {
        codes.push(("415", "The file is not an image a thumbnail can be made of (a PDF, or a damaged image)"));
    }
    if has_body || post || <E::Query as QueryRules>::REFUSED_BY_RULES {
        codes.push((
            "422",
            "Refused by a rule: each field and rule is named, in Chinese and English (or an Idempotency-Key \
             reused for another request)",
        ));
    }
    if matches!(E::NAME, "LogIn" | "Upload" | "Events" | "DownloadBackup") {
        codes.push(("429", "Too many attempts, uploads, open streams or downloads: wait (Retry-After) and try again"));
    }
    codes.push(("500", "A fault of the server's: the body carries the request id to report"));
    codes.push(("503", "Busy, timed out or out of disk space: try again later"));
    codes
}

/// The answers an endpoint can give besides its success ([`refusal_codes`]), each with
/// the one error body.
fn refusals<E: Endpoint>(error: &Value, has_query: bool) -> Map<String, Value> {
    let mut out = Map::new();
    for (code, description) in refusal_codes::<E>(has_query) {
        let mut answer = json!({"description": description, "content": {"application/json": {"schema": error}}});
        if code == "429" || code == "503" {
            answer["headers"] = json!({"Retry-After": retry_after()});
        }
        out.insert(code.to_owned(), answer);
    }
    out
}

/// A file's bytes, of these media types; the octet stream among them for a generator.
fn files(media_types: impl IntoIterator<Item = &'static str>, max_bytes: Option<usize>) -> Value {
    let mut schema = json!({"type": "string", "format": "binary"});
    if let Some(max) = max_bytes {
        schema["maxLength"] = json!(max);
    }
    let mut types = Map::new();
    for media in media_types.into_iter().chain([OCTET_STREAM]) {
        types.insert(media.to_owned(), json!({"schema": schema.clone()}));
    }
    Value::Object(types)
}

/// The success answer's body.
fn success_content<E: Endpoint>(builder: &mut Builder) -> Option<Value> {
    match E::RESPONSE {
        Payload::Empty => None,
        Payload::Json => Some(json!({"application/json": {"schema": builder.schema_of::<E::Response>()}})),
        Payload::Text => Some(json!({"text/plain": {"schema": {"type": "string"}}})),
        Payload::Raw("text/event-stream") => {
            let notification = builder.schema_of::<shared::notify::Notification>();
            let campaign = builder.schema_of::<shared::notify::CampaignChanged>();
            Some(json!({"text/event-stream": {
                "schema": {
                    "type": "string",
                    "description": "Server-Sent Events, each `event:` then `data:` (one JSON object):\n\
                        - `notification` (with `id:`, to resume after with `Last-Event-ID`): a `Notification`;\n\
                        - `campaign`: a `CampaignChanged`, a campaign the account may see has a new version.\n\
                        A comment line keeps the stream open every 15 seconds.",
                },
                "x-events": {"notification": notification, "campaign": campaign},
            }}))
        }
        // A download is kept as one of the file types; a file answered of a type a generator
        // does not read (a spreadsheet, a JPEG) has the octet stream as an alternative.
        Payload::Raw("*/*") => Some(files(FILE_TYPES, None)),
        Payload::Raw(media) if media.starts_with("text/") => Some(json!({media: {"schema": {"type": "string"}}})),
        Payload::Raw(OCTET_STREAM) => Some(files(std::iter::empty::<&str>(), None)),
        Payload::Raw(media) => Some(files([media], None)),
    }
}

/// The request body.
fn request_content<E: Endpoint>(builder: &mut Builder) -> Option<Value> {
    match E::REQUEST {
        Payload::Empty => None,
        Payload::Json => Some(json!({"application/json": {"schema": builder.schema_of::<E::Request>()}})),
        Payload::Text => Some(json!({"text/plain": {"schema": {"type": "string"}}})),
        // A file sent is an octet stream to a generator (none models another binary body);
        // the media types the server also takes are named beside it (`x-media-types`).
        Payload::Raw(_) => {
            let max_bytes = match E::NAME {
                "Upload" => Some(crate::storage::attachments::MAX_ATTACHMENT_BYTES),
                "ImportCalendarIcs" => Some(shared::calendar::MAX_IMPORT_BYTES),
                _ => None,
            };
            Some(files(std::iter::empty::<&str>(), max_bytes))
        }
    }
}

/// The media types a raw request body may be sent as besides the octet stream.
fn other_media_types<E: Endpoint>() -> Vec<&'static str> {
    match E::NAME {
        "Upload" => FILE_TYPES.to_vec(),
        "ImportCalendarIcs" => crate::extract::ICS_MEDIA_TYPES.into_iter().filter(|m| *m != OCTET_STREAM).collect(),
        _ => Vec::new(),
    }
}

impl EndpointVisitor for Builder {
    fn visit<E: Endpoint>(&mut self) {
        let mut parameters: Vec<Value> = E::PATH
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(|name| {
                let schema = match name {
                    "action" => {
                        json!({"type": "string", "enum": shared::workflow::ActionKind::ALL.map(|k| k.as_str())})
                    }
                    "year" => json!({"type": "integer", "minimum": 2000, "maximum": 2100}),
                    "kind" => self.schema_of::<shared::campaign::CampaignType>(),
                    "name" => json!({"type": "string", "pattern": "^[A-Za-z0-9._-]{1,200}$"}),
                    _ => json!({"type": "integer", "format": "uint64", "minimum": 1}),
                };
                json!({"name": name, "in": "path", "required": true, "schema": schema})
            })
            .collect();
        let query = self.query_parameters::<E::Query>();
        let has_query = !query.is_empty();
        parameters.extend(query);
        if E::METHOD == Method::Post {
            parameters.push(json!({
                "name": "Idempotency-Key", "in": "header", "required": false,
                "description": format!("Retrying with the same key (from the same session) gets the first \
                    answer again instead of acting twice; at most {IDEMPOTENCY_KEY_MAX_CHARS} characters"),
                "schema": {"type": "string", "minLength": 1, "maxLength": IDEMPOTENCY_KEY_MAX_CHARS},
            }));
            debug_assert_eq!(IDEMPOTENCY_KEY_HEADER, "idempotency-key");
        }
        match E::NAME {
            "Upload" => parameters.push(json!({
                "name": "X-File-Name", "in": "header", "required": false,
                "description": format!("The file's name as the person chose it, percent-encoded UTF-8 (as \
                    encodeURIComponent writes it): at most {FILE_NAME_HEADER_MAX_CHARS} characters as sent, a longer \
                    one is refused (400); the name is kept to its first {FILE_NAME_MAX_CHARS} characters"),
                "schema": {"type": "string", "maxLength": FILE_NAME_HEADER_MAX_CHARS},
            })),
            "Events" => parameters.push(json!({
                "name": "Last-Event-ID", "in": "header", "required": false,
                "description": "The last notification's id seen: the stream replays what came after it",
                "schema": {"type": "string"},
            })),
            "Download" | "GetThumbnail" => parameters.push(json!({
                "name": "If-None-Match", "in": "header", "required": false,
                "description": "The ETag of the copy held: answered 304 when it is still the file",
                "schema": {"type": "string"},
            })),
            _ => {}
        }

        let error = self.schema_of::<ApiError>();
        let mut responses = Map::new();
        let mut success = json!({"description": E::SUMMARY});
        if let Some(body) = success_content::<E>(self) {
            success["content"] = body;
        }
        let mut headers = Map::new();
        match E::NAME {
            "LogIn" => {
                headers.insert(
                    "Set-Cookie".into(),
                    header(
                        "Two cookies: the session (`cd_session`, or `__Host-cd_session` under HTTPS) and the \
                         device (`cd_device` / `__Host-cd_device`) that spares a known device the lockout; \
                         send them back on every call",
                        json!({"type": "string"}),
                    ),
                );
            }
            "LogOut" => {
                headers.insert("Set-Cookie".into(), header("Clears the session cookie", json!({"type": "string"})));
            }
            _ => {}
        }
        if let Payload::Raw(media) = E::RESPONSE
            && media != "text/event-stream"
            && media != "image/jpeg"
        {
            headers.insert(
                "Content-Disposition".into(),
                header("`attachment; filename=\"…\"`: the file's name", json!({"type": "string"})),
            );
        }
        if matches!(E::NAME, "Download" | "GetThumbnail") {
            headers.insert("ETag".into(), header("The file's tag, for If-None-Match", json!({"type": "string"})));
        }
        if !headers.is_empty() {
            success["headers"] = Value::Object(headers);
        }
        responses.insert(E::STATUS.to_string(), success);
        if matches!(E::NAME, "Download" | "GetThumbnail") {
            responses.insert("304".into(), json!({"description": "Not modified (If-None-Match)"}));
        }
        responses.extend(refusals::<E>(&error, has_query));

        let mut operation = json!({
            "operationId": E::NAME,
            "summary": E::SUMMARY,
            "description": format!("Access: {}.", E::ACCESS),
            "tags": [E::PATH.trim_start_matches("/api/v1/").trim_start_matches('/').split('/').next().unwrap_or("api")],
            "parameters": parameters,
            "responses": responses,
        });
        if is_public(E::ACCESS) {
            operation["security"] = json!([]);
        } else if E::NAME == "ListChanges" {
            operation["security"] = json!([{"feed": []}, {"session": []}]);
        } else if E::NAME == "Metrics" {
            operation["security"] = json!([{"metrics": []}, {}]);
        }
        if let Some(body) = request_content::<E>(self) {
            let mut request = json!({"required": true, "content": body});
            if E::NAME == "Upload" {
                request["description"] = json!(format!(
                    "The file itself as the body: JPEG, PNG, WebP or PDF, at most {} MB, judged by its bytes: \
                     send it as application/octet-stream or as its own type ({}). The quota per person and day, \
                     and uploads at once (8 on the server, 2 per person), are checked before it is read",
                    crate::storage::attachments::MAX_ATTACHMENT_BYTES / (1024 * 1024),
                    FILE_TYPES.join(", ")
                ));
            } else if E::NAME == "ImportCalendarIcs" {
                request["description"] = json!(format!(
                    "The .ics file itself as the body, at most {} KB of UTF-8, sent as {}; any other Content-Type \
                     (JSON, a form, none) is refused (415)",
                    shared::calendar::MAX_IMPORT_BYTES / 1024,
                    crate::extract::ICS_MEDIA_TYPES.join(", ")
                ));
            }
            let others = other_media_types::<E>();
            if !others.is_empty() {
                request["x-media-types"] = json!(others);
            }
            operation["requestBody"] = request;
        }
        let entry = self.paths.entry(E::PATH.to_owned()).or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(methods) = entry {
            methods.insert(E::METHOD.as_str().to_lowercase(), operation);
        }
    }
}

/// The OpenAPI 3.1 document: every endpoint with its parameters, request body and
/// answers, and the schemas of every type they use.
pub fn document() -> Value {
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    settings.meta_schema = None;
    let mut no_bool_schemas = ReplaceBoolSchemas::default();
    no_bool_schemas.skip_additional_properties = true;
    settings.transforms = vec![Box::new(no_bool_schemas)];
    let mut builder = Builder { generator: settings.into_generator(), paths: Map::new() };
    visit_endpoints(&mut builder);
    let mut schemas = builder.generator.take_definitions(true);
    let mut paths = Value::Object(builder.paths);
    for schema in schemas.values_mut() {
        plain_enums(schema);
    }
    plain_enums(&mut paths);
    name_union_members(&mut schemas);
    store_counts(&mut schemas);
    json!({
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Campaign Desk API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "A region's campaigns, org and KPI. Log in with POST /api/v1/session (the answer \
                sets the session cookie), or read the change feed with a feed account's token. Every refusal \
                is an `ApiError`: a rule code, the message in Chinese and English, and the fields it names; \
                each operation lists every status it can answer. A file travels as application/octet-stream \
                wherever a generated client needs it: the upload and the .ics import take one (the media types \
                they also take are in `x-media-types`), and a file answered lists its own media type first.",
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": crate::auth::SESSION_COOKIE,
                    "description": "Set by logging in; `__Host-cd_session` when the server is reached over HTTPS"},
                "feed": {"type": "http", "scheme": "bearer",
                    "description": "A feed account's token (made by the administrator): reads the change feed only"},
                "metrics": {"type": "http", "scheme": "bearer",
                    "description": "The metrics token from the server's configuration"},
            }
        },
        "security": [{"session": []}],
    })
}

/// How many stores a new campaign names depends on its kind (`CampaignType::store_count`):
/// one condition per kind, and each store once.
fn store_counts(schemas: &mut Map<String, Value>) {
    let Some(Value::Object(form)) = schemas.get_mut("NewCampaign") else { return };
    let conditions: Vec<Value> = shared::campaign::CampaignType::ALL
        .iter()
        .map(|kind| {
            let (min, max) = kind.store_count();
            let mut stores = json!({"minItems": min});
            if max < 10_000 {
                stores["maxItems"] = json!(max);
            }
            json!({
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": {"properties": {"stores": stores}},
            })
        })
        .collect();
    form.insert("allOf".into(), Value::Array(conditions));
    if let Some(Value::Object(stores)) = form.get_mut("properties").and_then(|p| p.get_mut("stores")) {
        stores.insert("uniqueItems".into(), json!(true));
    }
}

/// `{"const": v}` or `{"enum": [..]}` of strings, with nothing else but a type and words.
fn plain_values(schema: &Value) -> Option<(Vec<Value>, Option<String>)> {
    let object = schema.as_object()?;
    if object.keys().any(|k| !matches!(k.as_str(), "const" | "enum" | "type" | "description" | "title")) {
        return None;
    }
    if object.get("type").is_some_and(|t| t != "string") {
        return None;
    }
    let values = match (object.get("const"), object.get("enum")) {
        (Some(value), None) => vec![value.clone()],
        (None, Some(Value::Array(values))) => values.clone(),
        _ => return None,
    };
    values
        .iter()
        .all(Value::is_string)
        .then(|| (values, object.get("description").and_then(Value::as_str).map(str::to_owned)))
}

/// Every `oneOf` of plain string values becomes one `enum`; each value's words are kept
/// in the description.
fn plain_enums(value: &mut Value) {
    match value {
        Value::Object(object) => {
            if let Some(Value::Array(members)) = object.get("oneOf")
                && !members.is_empty()
                && let Some(parts) = members.iter().map(plain_values).collect::<Option<Vec<_>>>()
            {
                let mut values = Vec::new();
                let mut words = Vec::new();
                for (vals, description) in parts {
                    if let Some(text) = description {
                        let names: Vec<&str> = vals.iter().filter_map(Value::as_str).collect();
                        words.push(format!("- `{}`: {}", names.join("`, `"), text.replace('\n', " ")));
                    }
                    values.extend(vals);
                }
                object.remove("oneOf");
                object.insert("type".into(), json!("string"));
                object.insert("enum".into(), Value::Array(values));
                if !words.is_empty() {
                    let lead = object.get("description").and_then(Value::as_str).unwrap_or_default().to_owned();
                    let joined = words.join("\n");
                    let text = if lead.is_empty() { joined } else { format!("{lead}\n\n{joined}") };
                    object.insert("description".into(), json!(text));
                }
            }
            for child in object.values_mut() {
                plain_enums(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(plain_enums),
        _ => {}
    }
}

/// The tag property and its value, when `member` is an object member of a tagged union.
fn tag_of(member: &Value, property: Option<&str>) -> Option<(String, String)> {
    let properties = member.get("properties")?.as_object()?;
    let required = member.get("required")?.as_array()?;
    properties.iter().find_map(|(name, schema)| {
        if property.is_some_and(|p| p != name) || !required.iter().any(|r| r == name) {
            return None;
        }
        let (values, _) = plain_values(schema)?;
        match values.as_slice() {
            [Value::String(value)] => Some((name.clone(), value.clone())),
            _ => None,
        }
    })
}

fn pascal(snake: &str) -> String {
    snake
        .split(['_', '-'])
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
        })
        .collect()
}

/// Each tagged union (a `oneOf` whose members all carry one property with one string
/// value, as serde's internally tagged enums do) gets its members as named schemas,
/// `{Union}{Tag}`, and a `discriminator` mapping each tag to its member.
fn name_union_members(schemas: &mut Map<String, Value>) {
    let names: Vec<String> = schemas.keys().cloned().collect();
    for name in names {
        let Some(Value::Array(members)) = schemas.get(&name).and_then(|s| s.get("oneOf")).cloned() else {
            continue;
        };
        let Some((property, _)) = members.first().and_then(|m| tag_of(m, None)) else {
            name_external_members(schemas, &name, members);
            continue;
        };
        let Some(tags) = members.iter().map(|m| tag_of(m, Some(&property))).collect::<Option<Vec<_>>>() else {
            continue;
        };
        let mut refs = Vec::new();
        let mut mapping = Map::new();
        for (member, (_, tag)) in members.into_iter().zip(tags) {
            let member_name = format!("{name}{}", pascal(&tag));
            let reference = format!("{SCHEMAS}{member_name}");
            let mut member = member;
            if let Some(object) = member.as_object_mut()
                && !object.contains_key("title")
            {
                object.insert("title".into(), json!(member_name));
            }
            schemas.insert(member_name, member);
            refs.push(json!({"$ref": reference}));
            mapping.insert(tag, json!(reference));
        }
        if let Some(Value::Object(union)) = schemas.get_mut(&name) {
            union.insert("oneOf".into(), Value::Array(refs));
            union.insert("discriminator".into(), json!({"propertyName": property, "mapping": mapping}));
        }
    }
}

/// The member's one property, when it is an externally tagged variant with content
/// (`{"schedule": {..}}`).
fn external_tag(member: &Value) -> Option<String> {
    let properties = member.get("properties")?.as_object()?;
    let required = member.get("required")?.as_array()?;
    match (properties.keys().collect::<Vec<_>>().as_slice(), required.as_slice()) {
        ([name], [Value::String(r)]) if *name == r => Some((*name).clone()),
        _ => None,
    }
}

/// An externally tagged union (serde's default): each member with content becomes a
/// named schema, `{Union}{Tag}`, so generated code has one model per variant and never
/// two models of one name for the same inline object.
fn name_external_members(schemas: &mut Map<String, Value>, name: &str, members: Vec<Value>) {
    if !members.iter().any(|m| external_tag(m).is_some()) {
        return;
    }
    let mut named = Vec::new();
    for member in members {
        match external_tag(&member) {
            Some(tag) => {
                let member_name = format!("{name}{}", pascal(&tag));
                let mut member = member;
                if let Some(object) = member.as_object_mut() {
                    object.insert("title".into(), json!(member_name));
                }
                schemas.insert(member_name.clone(), member);
                named.push(json!({"$ref": format!("{SCHEMAS}{member_name}")}));
            }
            None => named.push(member),
        }
    }
    if let Some(Value::Object(union)) = schemas.get_mut(name) {
        union.insert("oneOf".into(), Value::Array(named));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_values_become_one_enum_with_their_words() {
        let mut schema = json!({"oneOf": [
            {"type": "string", "const": "a", "description": "first"},
            {"type": "string", "enum": ["b", "c"]},
        ]});
        plain_enums(&mut schema);
        assert_eq!(schema["enum"], json!(["a", "b", "c"]));
        assert_eq!(schema["type"], "string");
        assert!(schema["description"].as_str().unwrap().contains("`a`: first"));
    }

    #[test]
    fn tagged_members_are_named_and_mapped() {
        let mut schemas = Map::new();
        schemas.insert(
            "Thing".into(),
            json!({"oneOf": [
                {"type": "object", "properties": {"type": {"type": "string", "const": "big_one"}}, "required": ["type"]},
                {"type": "object", "properties": {"type": {"type": "string", "const": "small"}, "n": {"type": "integer"}},
                 "required": ["type", "n"]},
            ]}),
        );
        name_union_members(&mut schemas);
        store_counts(&mut schemas);
        assert_eq!(schemas["Thing"]["discriminator"]["propertyName"], "type");
        assert_eq!(schemas["Thing"]["discriminator"]["mapping"]["big_one"], "#/components/schemas/ThingBigOne");
        assert!(schemas.contains_key("ThingSmall"));
        assert_eq!(schemas["Thing"]["oneOf"][1]["$ref"], "#/components/schemas/ThingSmall");
    }
}

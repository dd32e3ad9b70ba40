//! The server's OpenAPI 3.1 document, read for the tests: the schemas of each operation's
//! request, answers and query parameters, and a check of JSON against them by the
//! `jsonschema` crate (draft 2020-12, OpenAPI 3.1's own dialect), so tests check that what
//! really travels matches everything the document promises: `pattern`, lengths, counts
//! and `if`/`then` included, not a subset a hand-written validator happens to know.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

/// The OpenAPI document and the schemas of its operations.
pub struct OpenApi {
    pub doc: Value,
    /// Each schema checked so far, compiled once (the contract test checks hundreds of
    /// answers against a few dozen schemas).
    compiled: Mutex<HashMap<String, Arc<jsonschema::Validator>>>,
}

impl OpenApi {
    pub fn new(doc: Value) -> Self {
        OpenApi { doc, compiled: Mutex::new(HashMap::new()) }
    }
    fn operation(&self, method: &str, path: &str) -> Option<&Value> {
        self.doc.get("paths")?.get(path)?.get(method.to_lowercase())
    }

    /// The JSON schema of an operation's request body, if it takes JSON.
    pub fn request_schema(&self, method: &str, path: &str) -> Option<Value> {
        self.operation(method, path)?
            .get("requestBody")?
            .get("content")?
            .get("application/json")?
            .get("schema")
            .cloned()
    }

    /// The JSON schema of an operation's answer with `status` (or its `4XX` class).
    pub fn response_schema(&self, method: &str, path: &str, status: u16) -> Option<Value> {
        let responses = self.operation(method, path)?.get("responses")?;
        let response = responses.get(status.to_string()).or_else(|| responses.get(format!("{}XX", status / 100)))?;
        response.get("content")?.get("application/json")?.get("schema").cloned()
    }

    /// Whether the operation documents a response with `status` (or its class).
    pub fn documents_status(&self, method: &str, path: &str, status: u16) -> bool {
        self.operation(method, path)
            .and_then(|o| o.get("responses"))
            .is_some_and(|r| r.get(status.to_string()).is_some() || r.get(format!("{}XX", status / 100)).is_some())
    }

    /// Every status the operation documents.
    pub fn statuses(&self, method: &str, path: &str) -> Vec<u16> {
        self.operation(method, path)
            .and_then(|o| o.get("responses"))
            .and_then(Value::as_object)
            .map(|responses| responses.keys().filter_map(|code| code.parse().ok()).collect())
            .unwrap_or_default()
    }

    /// The operation's query parameters: each one's name, whether it is required, and its
    /// schema as [`OpenApi::plain_schema`] gives it.
    pub fn query_parameters(&self, method: &str, path: &str) -> Vec<(String, bool, Value)> {
        let parameters = self.operation(method, path).and_then(|o| o.get("parameters")).and_then(Value::as_array);
        parameters
            .into_iter()
            .flatten()
            .filter(|p| p.get("in").and_then(Value::as_str) == Some("query"))
            .filter_map(|p| {
                let name = p.get("name").and_then(Value::as_str)?.to_owned();
                let required = p.get("required").and_then(Value::as_bool) == Some(true);
                Some((name, required, self.plain_schema(p.get("schema")?)))
            })
            .collect()
    }

    /// `schema` with its `$ref` followed and, for an optional value (`anyOf` or `oneOf`
    /// with `null`), the one member that is not null.
    pub fn plain_schema(&self, schema: &Value) -> Value {
        let mut schema = schema.clone();
        for _ in 0..16 {
            if let Some(found) = schema.get("$ref").and_then(Value::as_str).and_then(|r| self.resolve(r).ok()) {
                schema = found.clone();
                continue;
            }
            let member = {
                let members = schema.get("anyOf").or_else(|| schema.get("oneOf")).and_then(Value::as_array);
                let not_null: Vec<&Value> = members
                    .into_iter()
                    .flatten()
                    .filter(|m| m.get("type").and_then(Value::as_str) != Some("null"))
                    .collect();
                match not_null.as_slice() {
                    [only] => Some((*only).clone()),
                    _ => None,
                }
            };
            match member {
                Some(member) => schema = member,
                None => break,
            }
        }
        schema
    }

    /// Checks `instance` against `schema` (one of the document's, its `#/components/...`
    /// references resolved in the document); the error names the JSON path that breaks it
    /// and every other break found with it.
    pub fn validate(&self, schema: &Value, instance: &Value) -> Result<(), String> {
        let validator = self.validator(schema)?;
        let errors: Vec<String> = validator
            .iter_errors(instance)
            .map(|error| {
                let at = error.instance_path().to_string();
                format!("${}: {error}", at.replace('/', "."))
            })
            .collect();
        if errors.is_empty() { Ok(()) } else { Err(errors.join("; ")) }
    }

    /// `schema` compiled as a draft 2020-12 schema whose root also holds the document's
    /// `components`, so that `#/components/schemas/X` means the same there as in the
    /// document. Nothing is fetched: the crate is built without its HTTP and file
    /// resolvers, and the document refers to nothing outside itself.
    fn validator(&self, schema: &Value) -> Result<Arc<jsonschema::Validator>, String> {
        let key = schema.to_string();
        if let Some(found) = self.compiled.lock().map_err(|e| e.to_string())?.get(&key) {
            return Ok(Arc::clone(found));
        }
        let rooted = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "allOf": [schema],
            "components": self.doc.get("components").cloned().unwrap_or(Value::Null),
        });
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .build(&rooted)
            .map_err(|e| format!("the schema does not compile: {e}"))?;
        let validator = Arc::new(validator);
        self.compiled.lock().map_err(|e| e.to_string())?.insert(key, Arc::clone(&validator));
        Ok(validator)
    }

    fn resolve<'a>(&'a self, reference: &str) -> Result<&'a Value, String> {
        let pointer = reference.strip_prefix('#').ok_or_else(|| format!("external $ref {reference}"))?;
        self.doc.pointer(pointer).ok_or_else(|| format!("unresolved $ref {reference}"))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn api() -> OpenApi {
        OpenApi::new(json!({"components": {"schemas": {
            "Kind": {"type": "string", "enum": ["a", "b"]},
            "Thing": {"type": "object", "additionalProperties": false, "required": ["kind"],
                "properties": {"kind": {"$ref": "#/components/schemas/Kind"}, "n": {"type": ["integer", "null"], "minimum": 0}}},
            "Code": {"type": "string", "pattern": "^[A-Z]{2}[0-9]+$", "minLength": 3, "maxLength": 6},
            "Codes": {"type": "array", "items": {"$ref": "#/components/schemas/Code"}, "minItems": 1, "maxItems": 2},
            "Shipment": {"type": "object",
                "properties": {"shipped": {"type": "boolean"}, "tracking": {"type": "string"}},
                "if": {"properties": {"shipped": {"const": true}}, "required": ["shipped"]},
                "then": {"required": ["tracking"]}}
        }}}))
    }

    fn of(name: &str) -> Value {
        json!({"$ref": format!("#/components/schemas/{name}")})
    }

    #[test]
    fn the_validator_refuses_what_breaks_a_schema() {
        let api = api();
        let thing = of("Thing");
        assert_eq!(api.validate(&thing, &json!({"kind": "a", "n": 3})), Ok(()));
        assert_eq!(api.validate(&thing, &json!({"kind": "a", "n": null})), Ok(()));
        assert!(api.validate(&thing, &json!({"kind": "c"})).is_err());
        assert!(api.validate(&thing, &json!({"n": 1})).is_err());
        assert!(api.validate(&thing, &json!({"kind": "a", "extra": 1})).is_err());
        assert!(api.validate(&thing, &json!({"kind": "a", "n": -1})).is_err());
        assert!(api.validate(&thing, &json!({"kind": "a", "n": "1"})).is_err());
        let one = json!({"oneOf": [{"type": "string"}, {"type": "integer"}]});
        assert!(api.validate(&one, &json!(true)).is_err());
        assert_eq!(api.validate(&one, &json!(2)), Ok(()));
    }

    /// What the hand-written validator let through (issue 37): a pattern, lengths, counts
    /// and a conditional are now checked, and the error says where.
    #[test]
    fn patterns_lengths_counts_and_conditions_are_checked() {
        let api = api();
        assert_eq!(api.validate(&of("Code"), &json!("AB12")), Ok(()));
        let pattern = api.validate(&of("Code"), &json!("ab12"));
        assert!(pattern.as_ref().is_err_and(|e| e.contains("does not match")), "{pattern:?}");
        let long = api.validate(&of("Code"), &json!("AB12345"));
        assert!(long.as_ref().is_err_and(|e| e.contains("longer than 6")), "{long:?}");
        assert!(api.validate(&of("Code"), &json!("AB")).is_err(), "too short");
        assert!(api.validate(&of("Codes"), &json!([])).is_err(), "too few items");
        assert!(api.validate(&of("Codes"), &json!(["AB1", "AB2", "AB3"])).is_err(), "too many items");
        let inner = api.validate(&of("Codes"), &json!(["AB1", "x"]));
        assert!(inner.as_ref().is_err_and(|e| e.starts_with("$.1:")), "{inner:?}");
        assert_eq!(api.validate(&of("Shipment"), &json!({"shipped": false})), Ok(()));
        assert_eq!(api.validate(&of("Shipment"), &json!({"shipped": true, "tracking": "SF1"})), Ok(()));
        let then = api.validate(&of("Shipment"), &json!({"shipped": true}));
        assert!(then.as_ref().is_err_and(|e| e.contains("tracking")), "{then:?}");
    }
}

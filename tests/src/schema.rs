//! A small validator for the JSON schemas the server's OpenAPI document carries (the
//! subset `schemars` writes for OpenAPI 3.0: `$ref`, `type`, `nullable`, `enum`, `const`,
//! `properties`, `required`, `additionalProperties`, `items`, `oneOf`, `anyOf`, `allOf`,
//! `minimum`, `maximum`), so tests can check that what really travels matches what the
//! document promises.

use serde_json::Value;

/// The OpenAPI document and the schemas of its operations.
pub struct OpenApi {
    pub doc: Value,
}

impl OpenApi {
    pub fn new(doc: Value) -> Self {
        OpenApi { doc }
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

    /// Checks `instance` against `schema`; the error names the JSON path that breaks it.
    pub fn validate(&self, schema: &Value, instance: &Value) -> Result<(), String> {
        self.check(schema, instance, "$", 0)
    }

    fn resolve<'a>(&'a self, reference: &str) -> Result<&'a Value, String> {
        let pointer = reference.strip_prefix('#').ok_or_else(|| format!("external $ref {reference}"))?;
        self.doc.pointer(pointer).ok_or_else(|| format!("unresolved $ref {reference}"))
    }

    fn check(&self, schema: &Value, value: &Value, at: &str, depth: usize) -> Result<(), String> {
        if depth > 64 {
            return Err(format!("{at}: schema nesting too deep"));
        }
        let Some(schema) = schema.as_object() else {
            return match schema {
                Value::Bool(true) => Ok(()),
                Value::Bool(false) => Err(format!("{at}: nothing is allowed here")),
                _ => Err(format!("{at}: not a schema: {schema}")),
            };
        };
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            return self.check(self.resolve(reference)?, value, at, depth + 1);
        }
        if value.is_null() && schema.get("nullable").and_then(Value::as_bool) == Some(true) {
            return Ok(());
        }
        if let Some(types) = schema.get("type") {
            let allowed: Vec<&str> = match types {
                Value::String(t) => vec![t.as_str()],
                Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            if !allowed.iter().any(|t| type_matches(t, value)) {
                return Err(format!("{at}: {value} is not of type {types}"));
            }
        }
        if let Some(options) = schema.get("enum").and_then(Value::as_array)
            && !options.contains(value)
        {
            return Err(format!("{at}: {value} is not one of {options:?}"));
        }
        if let Some(constant) = schema.get("const")
            && constant != value
        {
            return Err(format!("{at}: {value} is not {constant}"));
        }
        if let Some(number) = value.as_f64() {
            if schema.get("minimum").and_then(Value::as_f64).is_some_and(|min| number < min) {
                return Err(format!("{at}: {value} is below the minimum"));
            }
            if schema.get("maximum").and_then(Value::as_f64).is_some_and(|max| number > max) {
                return Err(format!("{at}: {value} is above the maximum"));
            }
        }
        if let Value::Object(fields) = value {
            let properties = schema.get("properties").and_then(Value::as_object);
            for name in schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str)
            {
                if !fields.contains_key(name) {
                    return Err(format!("{at}: missing required `{name}`"));
                }
            }
            for (name, field) in fields {
                let path = format!("{at}.{name}");
                match properties.and_then(|p| p.get(name)) {
                    Some(property) => self.check(property, field, &path, depth + 1)?,
                    None => match schema.get("additionalProperties") {
                        Some(Value::Bool(false)) => return Err(format!("{path}: not allowed by the schema")),
                        Some(Value::Object(_)) => {
                            self.check(&schema["additionalProperties"], field, &path, depth + 1)?;
                        }
                        _ => {}
                    },
                }
            }
        }
        if let (Value::Array(items), Some(item_schema)) = (value, schema.get("items")) {
            for (i, item) in items.iter().enumerate() {
                self.check(item_schema, item, &format!("{at}[{i}]"), depth + 1)?;
            }
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            for part in all {
                self.check(part, value, at, depth + 1)?;
            }
        }
        if let Some(any) = schema.get("anyOf").and_then(Value::as_array)
            && !any.iter().any(|part| self.check(part, value, at, depth + 1).is_ok())
        {
            return Err(format!("{at}: {value} matches none of anyOf"));
        }
        if let Some(one) = schema.get("oneOf").and_then(Value::as_array) {
            let matching = one.iter().filter(|part| self.check(part, value, at, depth + 1).is_ok()).count();
            if matching != 1 {
                return Err(format!("{at}: {value} matches {matching} of oneOf, not exactly one"));
            }
        }
        Ok(())
    }
}

fn type_matches(name: &str, value: &Value) -> bool {
    match name {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_validator_refuses_what_breaks_a_schema() {
        let api = OpenApi::new(json!({"components": {"schemas": {
            "Kind": {"type": "string", "enum": ["a", "b"]},
            "Thing": {"type": "object", "additionalProperties": false, "required": ["kind"],
                "properties": {"kind": {"$ref": "#/components/schemas/Kind"}, "n": {"type": "integer", "minimum": 0, "nullable": true}}}
        }}}));
        let thing = json!({"$ref": "#/components/schemas/Thing"});
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
}

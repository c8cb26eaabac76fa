//! Cerebras's rules for structured outputs and tool calling, checked on a chat completion's
//! params before they are sent.
//!
//! The API refuses a schema that breaks one of these only after a round trip, or quietly handles
//! it; [`check_chat_params`] names every violation at once, each with the JSON pointer (RFC 6901)
//! of the value that breaks it and the [`Rule`] it breaks. Each rule is one the public docs state,
//! and carries the page it comes from ([`Rule::page`]).
//!
//! What is checked where:
//! - the params as a whole: JSON, an object, not both `tools` and `response_format`;
//! - `response_format`: its `type`, and for `json_schema` a `name` and an object `schema`;
//! - `tools`: each function's `name` and an object `parameters`;
//! - `tool_choice`: one of the documented values, and a named function among the tools;
//! - a schema whose `strict` is `true` (`response_format.json_schema`, or a tool's `function`):
//!   the limitations the docs list for strict mode. A schema without `strict: true` is not
//!   constrained by the API, and is sent as it is.
//!
//! The docs give no rule that differs by model, so no rule reads `model`.
//!
//! Work is linear in the params' length: one pass of [`json::index`] (no recursion, any depth),
//! then each value is looked at a bounded number of times. A schema nested past what the API
//! accepts is reported at the first level too deep ([`Rule::MaxDepth`]) and not walked further,
//! and one nested through anything else past [`WALK_LIMIT`] is reported as
//! [`Rule::TooDeepToCheck`]: so no input makes the violations, or their pointers, grow faster
//! than the input itself.

use crate::error::Error;
use crate::json::{self, children, Children, Kind, Node};
use crate::text::{concat, decimal, split_once_byte};
use std::fmt;

const STRUCTURED_OUTPUTS: &str = "https://inference-docs.cerebras.ai/capabilities/structured-outputs";
const TOOL_CALLING: &str = "https://inference-docs.cerebras.ai/capabilities/tool-use";
const CHAT_COMPLETIONS: &str = "https://inference-docs.cerebras.ai/api-reference/chat-completions";

/// Strict mode: "Maximum schema length is limited to 5000 characters."
pub const MAX_SCHEMA_LENGTH: usize = 5000;
/// Strict mode: "Maximum nesting depth is 10 levels."
pub const MAX_DEPTH: usize = 10;
/// Strict mode: "Maximum number of object properties is 500."
pub const MAX_PROPERTIES: usize = 500;
/// Strict mode: "A schema may have a maximum of 500 enum values across all enum properties."
pub const MAX_ENUM_VALUES: usize = 500;
/// Strict mode: a single enum of more than this many values...
pub const LONG_ENUM_VALUES: usize = 250;
/// ...may hold at most this many characters in all its string values.
pub const LONG_ENUM_CHARACTERS: usize = 7500;
/// `anyOf`: "one of multiple possible types (max of 5)".
pub const MAX_ANY_OF: usize = 5;
/// How many schemas deep the checker walks (through `anyOf`, `allOf`, `$defs`… as well as
/// properties and items) before it stops: its own bound, not the API's.
pub const WALK_LIMIT: usize = 64;
/// The violations' pointers are listed up to this many bytes per byte of the params (plus
/// [`LIST_BUDGET_BASE`]): a real schema's violations take a fraction of it, and no hostile one
/// (a long key above many small schemas) makes the list grow faster than the params.
pub const LIST_BUDGET: usize = 16;
/// See [`LIST_BUDGET`].
pub const LIST_BUDGET_BASE: usize = 1 << 16;

/// Declares the rules once: each with its stable id, its message and the page it comes from.
macro_rules! rules {
    ($($(#[doc = $doc:literal])* $name:ident = $id:literal, $page:expr, $message:literal;)*) => {
        /// A rule of the Cerebras API for structured outputs and tools, as its docs state it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $($(#[doc = $doc])* $name,)*
        }

        impl Rule {
            /// Every rule, in declaration order.
            pub const ALL: &'static [Rule] = &[$(Rule::$name,)*];

            /// Its stable id, for programs: `additional-properties-missing`, `max-depth`, …
            pub fn id(self) -> &'static str {
                match self { $(Rule::$name => $id,)* }
            }

            /// What it asks for, in a short sentence for people.
            pub fn message(self) -> &'static str {
                match self { $(Rule::$name => $message,)* }
            }

            /// The page of the Cerebras docs that states it (`None` for the checker's own
            /// rules: JSON, and its walking bound).
            pub fn page(self) -> Option<&'static str> {
                match self { $(Rule::$name => $page,)* }
            }
        }
    };
}

rules! {
    /// The params are not one JSON value.
    InvalidJson = "invalid-json", None, "the params are not valid JSON";
    /// A chat completion's params are a JSON object.
    ParamsNotObject = "params-not-object", Some(CHAT_COMPLETIONS), "the params must be a JSON object";
    /// "`tools` and `response_format` cannot be used in the same request."
    ToolsWithResponseFormat = "tools-with-response-format", Some(STRUCTURED_OUTPUTS),
        "tools and response_format cannot be used in the same request";
    /// `response_format` is `{type: "text" | "json_object" | "json_schema", …}`.
    ResponseFormatType = "response-format-type", Some(CHAT_COMPLETIONS),
        "response_format must be an object whose type is \"text\", \"json_object\" or \"json_schema\"";
    /// `json_schema` is an object with a `name` (required, a string).
    JsonSchemaName = "json-schema-name", Some(CHAT_COMPLETIONS),
        "json_schema must be an object with a name (a string)";
    /// `json_schema.schema` and a function's `parameters` are JSON Schema objects (or null).
    SchemaNotObject = "schema-not-object", Some(CHAT_COMPLETIONS), "a schema must be a JSON object";
    /// Each tool has a `function` with a `name` (required, a string).
    ToolFunctionName = "tool-function-name", Some(TOOL_CALLING),
        "each tool needs a function with a name (a string)";
    /// `tool_choice` is `"none"`, `"auto"`, `"required"` or
    /// `{"type": "function", "function": {"name": …}}`.
    ToolChoiceValue = "tool-choice-value", Some(TOOL_CALLING),
        "tool_choice must be \"none\", \"auto\", \"required\" or {\"type\": \"function\", \"function\": {\"name\": ...}}";
    /// A named `tool_choice` forces a call of that function: it must be one of the tools.
    ToolChoiceUnknownFunction = "tool-choice-unknown-function", Some(TOOL_CALLING),
        "tool_choice names a function that is not among the tools";
    /// Strict mode: for `additionalProperties`, "the only accepted value is `false`".
    AdditionalPropertiesFalse = "additional-properties-false", Some(STRUCTURED_OUTPUTS),
        "additionalProperties must be false";
    /// Strict mode: "you must set `additionalProperties: false`. This is required for every
    /// object in your schema" (an object schema: `"type": "object"`, or `properties`). An
    /// earlier version of the page said a missing one was "quietly handled": a rule of its own,
    /// so that a caller can tell it from a refused value.
    AdditionalPropertiesMissing = "additional-properties-missing", Some(STRUCTURED_OUTPUTS),
        "every object schema must set additionalProperties to false";
    /// Strict mode: "The shorthand `\"type\": [ … ]` is not supported": use `anyOf`.
    TypeArray = "type-array", Some(STRUCTURED_OUTPUTS),
        "the \"type\": [...] shorthand is not supported; use anyOf";
    /// `anyOf` allows "one of multiple possible types (max of 5)".
    AnyOfMax = "any-of-max", Some(STRUCTURED_OUTPUTS), "anyOf allows at most 5 schemas";
    /// Strict mode: "`items: true` is not supported for JSON schema array types."
    ItemsTrue = "items-true", Some(STRUCTURED_OUTPUTS), "items: true is not supported";
    /// Strict mode: "`items: false` is supported when used with `prefixItems`".
    ItemsFalseWithoutPrefixItems = "items-false-without-prefix-items", Some(STRUCTURED_OUTPUTS),
        "items: false is supported only with prefixItems";
    /// Strict mode: "`$anchor` keyword is not supported".
    Anchor = "anchor", Some(STRUCTURED_OUTPUTS), "$anchor is not supported";
    /// Strict mode: "Use `$defs` instead of `definitions`".
    Definitions = "definitions", Some(STRUCTURED_OUTPUTS), "use $defs instead of definitions";
    /// Strict mode: "external schema references are not supported".
    ExternalRef = "external-ref", Some(STRUCTURED_OUTPUTS),
        "external $ref is not supported; use \"#/$defs/...\"";
    /// Strict mode: "Recursive JSON schemas are not currently supported."
    RecursiveSchema = "recursive-schema", Some(STRUCTURED_OUTPUTS), "recursive schemas are not supported";
    /// Strict mode: "Maximum schema length is limited to 5000 characters."
    MaxSchemaLength = "max-schema-length", Some(STRUCTURED_OUTPUTS),
        "a schema is limited to 5000 characters";
    /// Strict mode: "Maximum nesting depth is 10 levels."
    MaxDepth = "max-depth", Some(STRUCTURED_OUTPUTS), "a schema is limited to 10 levels of nesting";
    /// Strict mode: "Maximum number of object properties is 500."
    MaxProperties = "max-properties", Some(STRUCTURED_OUTPUTS),
        "a schema is limited to 500 object properties";
    /// Strict mode: "A schema may have a maximum of 500 enum values across all enum properties."
    MaxEnumValues = "max-enum-values", Some(STRUCTURED_OUTPUTS),
        "a schema is limited to 500 enum values in all";
    /// Strict mode: "For a single enum property with string values, the total string length of
    /// all enum values cannot exceed 7500 characters when there are more than 250 enum values."
    EnumStringLength = "enum-string-length", Some(STRUCTURED_OUTPUTS),
        "an enum of more than 250 values is limited to 7500 characters of strings";
    /// The checker's own bound ([`WALK_LIMIT`]): a schema nested deeper is not checked further.
    TooDeepToCheck = "too-deep-to-check", None,
        "nested too deep to check (more than 64 schemas deep)";
    /// The checker's own bound ([`LIST_BUDGET`]): the violations listed before it are the first
    /// ones, in document order; there are more.
    TooManyToList = "too-many-to-list", None,
        "more violations than can be listed; the ones before this are the first";
}

/// One broken rule: where, as an RFC 6901 JSON pointer into the params (`""` is the params
/// themselves), and which.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Violation {
    pub pointer: String,
    pub rule: Rule,
}

/// Every violation of a chat completion's params, in document order: one error for them all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    pub violations: Vec<Violation>,
}

impl SchemaError {
    /// One line per violation, `pointer: message (rule id)`, after a first line that counts them.
    pub fn message(&self) -> String {
        let count = self.violations.len();
        let mut out = concat(&[
            "The params break ",
            &decimal(count as u64),
            if count == 1 { " rule" } else { " rules" },
            " of the Cerebras API:",
        ]);
        for violation in &self.violations {
            let pointer = if violation.pointer.is_empty() {
                "(the params)"
            } else {
                &violation.pointer
            };
            out.push_str(&concat(&[
                "\n  ",
                pointer,
                ": ",
                violation.rule.message(),
                " (",
                violation.rule.id(),
                ")",
            ]));
        }
        out
    }
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for SchemaError {}

impl From<SchemaError> for Error {
    /// A `CerebrasError` (bad input, nothing sent) whose message lists every violation.
    fn from(error: SchemaError) -> Self {
        Error::invalid(error.message())
    }
}

/// Checks a chat completion's params (their JSON text, as they would be sent) against the rules
/// above: `Ok(())`, or every violation in document order. Never panics.
pub fn check_chat_params(params: &str) -> Result<(), SchemaError> {
    let violations = chat_params_violations(params);
    if violations.is_empty() {
        Ok(())
    } else {
        Err(SchemaError { violations })
    }
}

/// [`check_chat_params`]'s violations, empty when there are none.
pub fn chat_params_violations(params: &str) -> Vec<Violation> {
    let Ok(nodes) = json::index(params) else {
        return vec![Violation {
            pointer: String::new(),
            rule: Rule::InvalidJson,
        }];
    };
    let mut checker = Checker {
        nodes: &nodes,
        text: params,
        found: Vec::new(),
    };
    checker.params();
    checker.finish()
}

/// Violations as the JSON text the structured subpath's host reads (src/wasm_structured/): an
/// array of `{"pointer", "rule", "message", "page"}` in order (`page` is `null` for the checker's
/// own rules); `[]` for none.
pub fn violations_json(violations: &[Violation]) -> String {
    let mut out = String::from("[");
    for (i, violation) in violations.iter().enumerate() {
        out.push_str(if i == 0 { "{\"pointer\":" } else { ",{\"pointer\":" });
        json::quote_into(&mut out, &violation.pointer);
        out.push_str(",\"rule\":");
        json::quote_into(&mut out, violation.rule.id());
        out.push_str(",\"message\":");
        json::quote_into(&mut out, violation.rule.message());
        out.push_str(",\"page\":");
        match violation.rule.page() {
            Some(page) => json::quote_into(&mut out, page),
            None => out.push_str("null"),
        }
        out.push('}');
    }
    out.push(']');
    out
}

/// Checks one JSON Schema on its own (its JSON text) as strict mode would: the violations'
/// pointers are into `schema` (`""` is the schema itself).
pub fn schema_violations(schema: &str) -> Vec<Violation> {
    let Ok(nodes) = json::index(schema) else {
        return vec![Violation {
            pointer: String::new(),
            rule: Rule::InvalidJson,
        }];
    };
    let mut checker = Checker {
        nodes: &nodes,
        text: schema,
        found: Vec::new(),
    };
    if nodes.first().is_some_and(|root| root.kind == Kind::Object) {
        checker.strict_schema(0);
    } else {
        checker.report(0, Rule::SchemaNotObject);
    }
    checker.finish()
}

struct Checker<'n, 'a> {
    nodes: &'n [Node<'a>],
    text: &'a str,
    /// (node, rule), in the order found; sorted into document order at the end.
    found: Vec<(usize, Rule)>,
}

/// A schema to look at, in the walk of one strict schema.
struct Visit {
    node: usize,
    /// Levels of nesting of the value it describes: the schema at the top is level 1, and each
    /// step into properties or items adds one.
    level: usize,
    /// Schemas walked through to reach it, whatever the keyword.
    steps: usize,
    /// The definition it is inside (0: the top schema's own body).
    within: usize,
}

impl<'n, 'a> Checker<'n, 'a> {
    fn report(&mut self, node: usize, rule: Rule) {
        self.found.push((node, rule));
    }

    fn finish(mut self) -> Vec<Violation> {
        // Document order: a node's index is its place in the text, a container before what it
        // holds; a stable sort keeps the order rules were found in for one node.
        self.found.sort_by_key(|&(node, _)| node);
        self.found.dedup();
        let nodes = self.nodes;
        let budget = LIST_BUDGET.saturating_mul(self.text.len()).saturating_add(LIST_BUDGET_BASE);
        let mut lengths = vec![usize::MAX; nodes.len()];
        let mut listed = 0usize;
        let mut out = Vec::with_capacity(self.found.len());
        for (node, rule) in self.found {
            listed = listed.saturating_add(pointer_length(nodes, node, &mut lengths) + 1);
            if listed > budget {
                out.push(Violation {
                    pointer: String::new(),
                    rule: Rule::TooManyToList,
                });
                break;
            }
            out.push(Violation {
                pointer: pointer(nodes, node),
                rule,
            });
        }
        out
    }

    /// The members of an object node, in document order.
    fn members(&self, object: usize) -> Children<'n, 'a> {
        children(self.nodes, object)
    }

    /// An object's member by key; the last one when the key repeats, as `JSON.parse` keeps it.
    fn member(&self, object: usize, key: &str) -> Option<usize> {
        json::member(self.nodes, object, key)
    }

    /// A non-null member.
    fn given(&self, object: usize, key: &str) -> Option<usize> {
        self.member(object, key).filter(|&m| self.nodes[m].kind != Kind::Null)
    }

    fn raw(&self, node: usize) -> &'a str {
        let n = &self.nodes[node];
        self.text.get(n.start..n.end).unwrap_or_default()
    }

    fn string(&self, node: usize) -> Option<String> {
        (self.nodes[node].kind == Kind::String)
            .then(|| json::as_string(self.raw(node)))
            .flatten()
    }

    fn params(&mut self) {
        if self.nodes[0].kind != Kind::Object {
            self.report(0, Rule::ParamsNotObject);
            return;
        }
        let response_format = self.given(0, "response_format");
        let tools = self.given(0, "tools");
        if let (Some(response_format), Some(_)) = (response_format, tools) {
            self.report(response_format, Rule::ToolsWithResponseFormat);
        }
        if let Some(response_format) = response_format {
            self.response_format(response_format);
        }
        let names = tools.map(|tools| self.tools(tools)).unwrap_or_default();
        if let Some(choice) = self.given(0, "tool_choice") {
            self.tool_choice(choice, &names);
        }
    }

    fn response_format(&mut self, format: usize) {
        let kind = self.member(format, "type").and_then(|t| self.string(t));
        match kind.as_deref() {
            Some("text" | "json_object") => {}
            Some("json_schema") => {
                let Some(spec) = self.member(format, "json_schema").filter(|&s| self.nodes[s].kind == Kind::Object) else {
                    let at = self.member(format, "json_schema").unwrap_or(format);
                    self.report(at, Rule::JsonSchemaName);
                    return;
                };
                match self.member(spec, "name") {
                    Some(name) if self.nodes[name].kind == Kind::String => {}
                    Some(name) => self.report(name, Rule::JsonSchemaName),
                    None => self.report(spec, Rule::JsonSchemaName),
                }
                self.maybe_strict_schema(spec, "schema");
            }
            _ => {
                let at = self.member(format, "type").unwrap_or(format);
                self.report(at, Rule::ResponseFormatType);
            }
        }
    }

    /// The schema at `owner[key]`: an object (or null), checked if `owner.strict` is `true`.
    fn maybe_strict_schema(&mut self, owner: usize, key: &str) {
        let strict = self.member(owner, "strict").is_some_and(|s| self.nodes[s].kind == Kind::True);
        match self.given(owner, key) {
            Some(schema) if self.nodes[schema].kind != Kind::Object => self.report(schema, Rule::SchemaNotObject),
            Some(schema) if strict => self.strict_schema(schema),
            _ => {}
        }
    }

    /// Checks each tool; returns the names of the functions among them.
    fn tools(&mut self, tools: usize) -> Vec<String> {
        let mut names = Vec::new();
        if self.nodes[tools].kind != Kind::Array {
            return names;
        }
        for tool in self.members(tools).collect::<Vec<_>>() {
            let function = self.member(tool, "function").filter(|&f| self.nodes[f].kind == Kind::Object);
            let Some(function) = function else {
                self.report(self.member(tool, "function").unwrap_or(tool), Rule::ToolFunctionName);
                continue;
            };
            match self.member(function, "name") {
                Some(name) => match self.string(name) {
                    Some(name) => names.push(name),
                    None => self.report(name, Rule::ToolFunctionName),
                },
                None => self.report(function, Rule::ToolFunctionName),
            }
            self.maybe_strict_schema(function, "parameters");
        }
        names
    }

    fn tool_choice(&mut self, choice: usize, names: &[String]) {
        match self.nodes[choice].kind {
            Kind::String => {
                if !matches!(self.string(choice).as_deref(), Some("none" | "auto" | "required")) {
                    self.report(choice, Rule::ToolChoiceValue);
                }
            }
            Kind::Object => {
                let typed = self.member(choice, "type").and_then(|t| self.string(t));
                let function = self.member(choice, "function");
                let name = function.and_then(|f| self.member(f, "name"));
                let named = name.and_then(|n| self.string(n));
                match (typed.as_deref(), named) {
                    (Some("function"), Some(named)) => {
                        if !names.contains(&named) {
                            self.report(name.unwrap_or(choice), Rule::ToolChoiceUnknownFunction);
                        }
                    }
                    (Some("function"), None) => self.report(name.or(function).unwrap_or(choice), Rule::ToolChoiceValue),
                    _ => self.report(self.member(choice, "type").unwrap_or(choice), Rule::ToolChoiceValue),
                }
            }
            _ => self.report(choice, Rule::ToolChoiceValue),
        }
    }

    /// Checks one schema (an object node) against the strict-mode rules.
    fn strict_schema(&mut self, root: usize) {
        if compact_length(self.raw(root)) > MAX_SCHEMA_LENGTH {
            self.report(root, Rule::MaxSchemaLength);
        }
        // The top schema's definitions, by name (the last of a repeated name, as JSON.parse
        // keeps it): 0 is the top schema's own body, definition `i` is `i + 1`.
        let mut definitions: Vec<(String, usize)> = Vec::new();
        let mut definition_count = 0;
        let top_defs = self.member(root, "$defs").filter(|&d| self.nodes[d].kind == Kind::Object);
        if let Some(defs) = top_defs {
            for def in self.members(defs) {
                definition_count += 1;
                if let Some(name) = &self.nodes[def].key {
                    definitions.push((name.to_string(), definition_count));
                }
            }
        }
        let definitions = Definitions::new(definitions);
        let mut refs: Vec<(usize, usize, usize)> = Vec::new(); // (from, to, $ref node)
        let mut properties = 0usize;
        let mut enum_values = 0usize;
        let mut stack = vec![Visit {
            node: root,
            level: 1,
            steps: 0,
            within: 0,
        }];
        while let Some(visit) = stack.pop() {
            let node = visit.node;
            if self.nodes[node].kind != Kind::Object {
                continue; // `true`/`false` schemas, or not a schema: nothing the docs rule on
            }
            if visit.level > MAX_DEPTH {
                self.report(node, Rule::MaxDepth);
                continue;
            }
            if visit.steps > WALK_LIMIT {
                self.report(node, Rule::TooDeepToCheck);
                continue;
            }
            let child = |m: usize, deeper: bool, within: usize| Visit {
                node: m,
                level: visit.level + usize::from(deeper),
                steps: visit.steps + 1,
                within,
            };
            // Its subschemas, walked in document order (pushed in reverse below), so that a
            // count over the whole schema passes its limit where the text does.
            let mut children = Vec::new();
            let mut object = false;
            let mut additional = None;
            let mut items_false = None;
            let mut prefix_items = false;
            for member in self.members(node).collect::<Vec<_>>() {
                let kind = self.nodes[member].kind;
                let Some(key) = self.nodes[member].key.clone() else { continue };
                match key.as_ref() {
                    "type" => match kind {
                        Kind::Array => self.report(member, Rule::TypeArray),
                        Kind::String => object |= self.string(member).as_deref() == Some("object"),
                        _ => {}
                    },
                    "properties" if kind == Kind::Object => {
                        object = true;
                        for property in self.members(member).collect::<Vec<_>>() {
                            properties += 1;
                            if properties == MAX_PROPERTIES + 1 {
                                self.report(property, Rule::MaxProperties);
                            }
                            children.push(child(property, true, visit.within));
                        }
                    }
                    "additionalProperties" => additional = Some(member),
                    "items" => match kind {
                        Kind::True => self.report(member, Rule::ItemsTrue),
                        Kind::False => items_false = Some(member),
                        _ => children.push(child(member, true, visit.within)),
                    },
                    "prefixItems" if kind == Kind::Array => {
                        prefix_items = true;
                        for item in self.members(member).collect::<Vec<_>>() {
                            children.push(child(item, true, visit.within));
                        }
                    }
                    "anyOf" | "allOf" | "oneOf" if kind == Kind::Array => {
                        let mut count = 0;
                        for option in self.members(member).collect::<Vec<_>>() {
                            count += 1;
                            children.push(child(option, false, visit.within));
                        }
                        if key == "anyOf" && count > MAX_ANY_OF {
                            self.report(member, Rule::AnyOfMax);
                        }
                    }
                    "not" => children.push(child(member, false, visit.within)),
                    "$defs" | "definitions" if kind == Kind::Object => {
                        if key == "definitions" {
                            self.report(member, Rule::Definitions);
                        }
                        let top = top_defs == Some(member);
                        for (i, def) in self.members(member).collect::<Vec<_>>().into_iter().enumerate() {
                            let within = if top { i + 1 } else { visit.within };
                            // A definition describes a value wherever it is used: it counts its
                            // levels from 1.
                            children.push(Visit {
                                node: def,
                                level: if top { 1 } else { visit.level },
                                steps: visit.steps + 1,
                                within,
                            });
                        }
                    }
                    "definitions" => self.report(member, Rule::Definitions),
                    "$anchor" => self.report(member, Rule::Anchor),
                    "$ref" => {
                        if let Some(target) = self.string(member) {
                            if !target.starts_with('#') {
                                self.report(member, Rule::ExternalRef);
                            } else if let Some(to) = ref_target(&target, &definitions) {
                                refs.push((visit.within, to, member));
                            }
                        }
                    }
                    "enum" if kind == Kind::Array => {
                        let mut count = 0usize;
                        let mut characters = 0usize;
                        for value in self.members(member).collect::<Vec<_>>() {
                            count += 1;
                            enum_values += 1;
                            if enum_values == MAX_ENUM_VALUES + 1 {
                                self.report(value, Rule::MaxEnumValues);
                            }
                            if let Some(text) = self.string(value) {
                                characters += text.chars().count();
                            }
                        }
                        if count > LONG_ENUM_VALUES && characters > LONG_ENUM_CHARACTERS {
                            self.report(member, Rule::EnumStringLength);
                        }
                    }
                    _ => {}
                }
            }
            stack.extend(children.into_iter().rev());
            match additional {
                Some(member) if self.nodes[member].kind != Kind::False => self.report(member, Rule::AdditionalPropertiesFalse),
                None if object => self.report(node, Rule::AdditionalPropertiesMissing),
                _ => {}
            }
            if let (Some(member), false) = (items_false, prefix_items) {
                self.report(member, Rule::ItemsFalseWithoutPrefixItems);
            }
        }
        // A `$ref` is recursive when what it refers to leads back to where it is.
        let cyclic = components(definition_count + 1, &refs);
        for &(from, to, node) in &refs {
            if cyclic[from] == cyclic[to] {
                self.report(node, Rule::RecursiveSchema);
            }
        }
    }
}

/// The definition a local `$ref` names: 0 for the top schema (`#`), `i` for
/// `#/$defs/<name>…`; `None` for any other pointer.
fn ref_target(target: &str, definitions: &Definitions) -> Option<usize> {
    if target == "#" || target == "#/" {
        return Some(0);
    }
    let rest = target.strip_prefix("#/$defs/")?;
    let name = split_once_byte(rest, b'/').map_or(rest, |(name, _)| name);
    definitions.get(&unescape_segment(name))
}

/// The top schema's definitions by name, sorted for a binary search (a hash map would bring
/// SipHash and a random seed into the wasm: 1.5 KB raw).
struct Definitions(Vec<(String, usize)>);

impl Definitions {
    /// From (name, definition) in document order; a repeated name keeps its last definition,
    /// as `JSON.parse` keeps the last of repeated keys.
    fn new(mut all: Vec<(String, usize)>) -> Self {
        all.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        all.dedup_by(|later, first| later.0 == first.0);
        Definitions(all)
    }

    fn get(&self, name: &str) -> Option<usize> {
        self.0.binary_search_by(|(n, _)| n.as_str().cmp(name)).ok().map(|i| self.0[i].1)
    }
}

/// An RFC 6901 segment decoded: `~1` is `/`, `~0` is `~`, in one pass (so `~01` is `~1`); any
/// other `~` is kept (such a `$ref` names no definition).
fn unescape_segment(segment: &str) -> String {
    let mut rest = segment;
    let mut out = String::with_capacity(segment.len());
    while let Some((before, after)) = split_once_byte(rest, b'~') {
        out.push_str(before);
        rest = match after.as_bytes().first() {
            Some(b'1') => {
                out.push('/');
                &after[1..]
            }
            Some(b'0') => {
                out.push('~');
                &after[1..]
            }
            _ => {
                out.push('~');
                after
            }
        };
    }
    out.push_str(rest);
    out
}

/// Strongly connected components of the graph of `count` vertices and `edges` (from, to, _):
/// the component of each vertex. Tarjan's algorithm, iterative.
fn components(count: usize, edges: &[(usize, usize, usize)]) -> Vec<usize> {
    let mut adjacency: Vec<Vec<usize>> = vec![Vec::new(); count];
    for &(from, to, _) in edges {
        adjacency[from].push(to);
    }
    const UNSEEN: usize = usize::MAX;
    let mut index = vec![UNSEEN; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut component = vec![UNSEEN; count];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for start in 0..count {
        if index[start] != UNSEEN {
            continue;
        }
        let mut calls: Vec<(usize, usize)> = vec![(start, 0)]; // (vertex, next edge to follow)
        index[start] = next_index;
        low[start] = next_index;
        next_index += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&mut (vertex, ref mut edge)) = calls.last_mut() {
            if let Some(&to) = adjacency[vertex].get(*edge) {
                *edge += 1;
                if index[to] == UNSEEN {
                    index[to] = next_index;
                    low[to] = next_index;
                    next_index += 1;
                    stack.push(to);
                    on_stack[to] = true;
                    calls.push((to, 0));
                } else if on_stack[to] {
                    low[vertex] = low[vertex].min(index[to]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(caller, _)) = calls.last() {
                low[caller] = low[caller].min(low[vertex]);
            }
            if low[vertex] == index[vertex] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == vertex {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

/// A schema's length in characters as `JSON.stringify` would write it: its JSON text without
/// the whitespace between tokens.
fn compact_length(raw: &str) -> usize {
    let mut in_string = false;
    let mut escaped = false;
    let mut count = 0;
    for byte in raw.bytes() {
        if byte & 0xC0 == 0x80 {
            continue; // inside a multi-byte character, counted at its first byte
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_string = false;
            }
        } else if matches!(byte, b' ' | b'\t' | b'\n' | b'\r') {
            continue;
        } else if byte == b'"' {
            in_string = true;
        }
        count += 1;
    }
    count
}

/// The length of [`pointer`]'s answer, remembered per node in `lengths` (`usize::MAX`: not yet
/// known), so that each key is measured once however many violations lie under it.
fn pointer_length(nodes: &[Node<'_>], node: usize, lengths: &mut [usize]) -> usize {
    let mut path = Vec::new();
    let mut at = node;
    let mut length = loop {
        if lengths[at] != usize::MAX {
            break lengths[at];
        }
        match nodes[at].parent {
            Some(parent) => {
                path.push(at);
                at = parent;
            }
            None => {
                lengths[at] = 0;
                break 0;
            }
        }
    };
    for &segment in path.iter().rev() {
        length += 1 + match &nodes[segment].key {
            Some(key) => key.len() + key.bytes().filter(|&b| b == b'~' || b == b'/').count(),
            None => decimal(nodes[segment].position as u64).len(),
        };
        lengths[segment] = length;
    }
    length
}

/// The RFC 6901 pointer of a node: each key with `~` as `~0` and `/` as `~1`, each index in
/// decimal.
pub fn pointer(nodes: &[Node<'_>], node: usize) -> String {
    let mut segments = Vec::new();
    let mut at = node;
    while let Some(parent) = nodes[at].parent {
        segments.push(at);
        at = parent;
    }
    let mut out = String::new();
    for &segment in segments.iter().rev() {
        out.push('/');
        match &nodes[segment].key {
            Some(key) => {
                for c in key.chars() {
                    match c {
                        '~' => out.push_str("~0"),
                        '/' => out.push_str("~1"),
                        c => out.push(c),
                    }
                }
            }
            None => out.push_str(&decimal(nodes[segment].position as u64)),
        }
    }
    out
}

// A reply's finish.

/// Why a reply's content cannot be parsed, by its `finish_reason` (openai-node's rule, and the
/// reference's meanings: "length" when the token limit ended it, "content_filter" when content
/// was omitted by the filters): the class of the error, or `None` when it can be.
pub fn unparseable_finish(finish_reason: &str) -> Option<&'static str> {
    match finish_reason {
        "length" => Some("LengthFinishReasonError"),
        "content_filter" => Some("ContentFilterFinishReasonError"),
        _ => None,
    }
}

// Writing a schema as the API accepts it.

/// Keywords whose value is one subschema.
const SUBSCHEMA_KEYS: &[&str] = &["items", "additionalProperties", "not", "contains", "if", "then", "else", "propertyNames", "unevaluatedItems", "unevaluatedProperties"];
/// Keywords whose value is an array of subschemas.
const SUBSCHEMA_LIST_KEYS: &[&str] = &["anyOf", "allOf", "oneOf", "prefixItems", "items"];
/// Keywords whose value is an object of subschemas by name.
const SUBSCHEMA_MAP_KEYS: &[&str] = &["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];

/// A JSON Schema that a schema library made (Zod 4's `toJSONSchema()`), written in the form the
/// API accepts, meaning the same:
/// - `"type": [a, b]`, which Zod writes for a nullable primitive and which strict mode refuses
///   ([`Rule::TypeArray`]), becomes the `anyOf` it stands for, `[{"type": a}, {"type": b}]`
///   (only where the schema has no `anyOf` of its own, and never inside `enum`, `const` or
///   `default`, whose values are data);
/// - a root that is only a `$ref` to one of its `$defs` (the root schema itself given a name) is
///   that definition, its `$defs` beside it for the references inside.
///
/// `None` when `schema` is not a JSON object: it is then sent as it is, and the rules say what
/// is wrong with it. Linear in the text, without recursion.
pub fn as_accepted(schema: &str) -> Option<String> {
    let nodes = json::index(schema).ok()?;
    if nodes.first()?.kind != Kind::Object {
        return None;
    }
    let nodes = &nodes[..];
    let raw = |node: usize| schema.get(nodes[node].start..nodes[node].end).unwrap_or_default();

    // The root: a lone `$ref` into `$defs` (with nothing else but `$defs`) is replaced by its target.
    let mut root = 0;
    let mut root_defs = None;
    if let (Some(reference), Some(defs)) = (json::member(nodes, 0, "$ref"), json::member(nodes, 0, "$defs")) {
        let only = children(nodes, 0).all(|m| matches!(nodes[m].key.as_deref(), Some("$ref" | "$defs")));
        let name = if nodes[reference].kind == Kind::String { json::as_string(raw(reference)) } else { None };
        let target = name
            .as_deref()
            .and_then(|n| n.strip_prefix("#/$defs/"))
            .and_then(|n| json::member(nodes, defs, &unescape_segment(n)))
            .filter(|&t| nodes[t].kind == Kind::Object && json::member(nodes, t, "$defs").is_none());
        if let (true, Some(target)) = (only, target) {
            root = target;
            root_defs = Some(defs);
        }
    }

    // The schema positions, in document order (a container comes before what it holds): the
    // root, the definitions beside it, and below a schema the values of its subschema keywords.
    let mut schema_at = vec![false; nodes.len()];
    let mut holds_schemas = vec![false; nodes.len()]; // a list or map of subschemas
    schema_at[root] = true;
    if let Some(defs) = root_defs {
        holds_schemas[defs] = true;
    }
    let mut edits: Vec<(usize, usize, String)> = Vec::new(); // (start, end, replacement), in order
    for node in 0..nodes.len() {
        if let (Some(parent), false) = (nodes[node].parent, schema_at[node]) {
            let key = nodes[node].key.as_deref().unwrap_or_default();
            let kind = nodes[node].kind;
            if schema_at[parent] && nodes[parent].kind == Kind::Object {
                schema_at[node] = SUBSCHEMA_KEYS.contains(&key);
                holds_schemas[node] = (kind == Kind::Array && SUBSCHEMA_LIST_KEYS.contains(&key)) || (kind == Kind::Object && SUBSCHEMA_MAP_KEYS.contains(&key));
            } else {
                schema_at[node] = holds_schemas[parent];
            }
        }
        if !schema_at[node] || nodes[node].kind != Kind::Object {
            continue;
        }
        // A `type` array, alone (with a repeated `type`, which one a reader keeps is its own
        // affair) and without an `anyOf` of its own; `previous`: the member before it.
        let (mut type_member, mut previous, mut types, mut any_of) = (None, None, 0, false);
        let mut last = None;
        for member in children(nodes, node) {
            match nodes[member].key.as_deref() {
                Some("type") => {
                    types += 1;
                    type_member = Some(member);
                    previous = last;
                }
                Some("anyOf") => any_of = true,
                _ => {}
            }
            last = Some(member);
        }
        let Some(member) = type_member.filter(|&m| types == 1 && !any_of && nodes[m].kind == Kind::Array) else {
            continue;
        };
        let mut replacement = String::from("\"anyOf\":[");
        for (i, element) in children(nodes, member).enumerate() {
            replacement.push_str(if i == 0 { "{\"type\":" } else { ",{\"type\":" });
            replacement.push_str(raw(element));
            replacement.push('}');
        }
        replacement.push(']');
        // The member from its key, which begins after the member before it (or the brace),
        // past whitespace and a comma.
        let from = previous.map_or(nodes[node].start + 1, |p: usize| nodes[p].end);
        let key_start = from + schema.get(from..).and_then(|rest| rest.find('"')).unwrap_or(0);
        edits.push((key_start, nodes[member].end, replacement));
    }

    // The text: the root's own, edited, with the definitions appended where the root was a `$ref`.
    let mut out = String::with_capacity(schema.len() + 64);
    splice(&mut out, schema, &nodes[root], &edits);
    if let Some(defs) = root_defs {
        out.pop(); // the root's closing brace
        if children(nodes, root).next().is_some() {
            out.push(',');
        }
        out.push_str("\"$defs\":");
        splice(&mut out, schema, &nodes[defs], &edits);
        out.push('}');
    }
    Some(out)
}

/// `node`'s text with the `edits` (start, end, replacement; sorted) that fall inside it.
fn splice(out: &mut String, text: &str, node: &Node<'_>, edits: &[(usize, usize, String)]) {
    let mut at = node.start;
    for (from, to, replacement) in edits {
        // (Edits never overlap; one that did would be skipped, never sliced across.)
        if (node.start..node.end).contains(from) && *from >= at {
            out.push_str(&text[at..*from]);
            out.push_str(replacement);
            at = *to;
        }
    }
    out.push_str(&text[at..node.end]);
}

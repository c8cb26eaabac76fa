//! Cerebras's structured-output and tool rules (src/schema.rs): each rule with a schema that
//! passes and one that breaks it, the docs' own examples, schemas as Zod and Pydantic write them,
//! pointers checked exactly, and hostile input.
use cerebras_wasm::error::ErrorClass;
use cerebras_wasm::schema::{self, chat_params_violations, check_chat_params, schema_violations, violations_json, Rule, SchemaError, Violation};

/// Where a response format's schema is, in the params.
const AT: &str = "/response_format/json_schema/schema";

/// `(pointer, rule id)` of every violation, in order.
fn found(params: &str) -> Vec<(String, &'static str)> {
    chat_params_violations(params)
        .into_iter()
        .map(|v| (v.pointer, v.rule.id()))
        .collect()
}

fn expect(params: &str, expected: &[(&str, &str)]) {
    let expected: Vec<(String, &str)> = expected.iter().map(|&(p, r)| (p.to_owned(), r)).collect();
    assert_eq!(found(params), expected, "{params}");
}

/// Params asking for `schema` as a strict structured output.
fn strict(schema: &str) -> String {
    format!(
        r#"{{"model":"gpt-oss-120b","messages":[{{"role":"user","content":"hi"}}],"response_format":{{"type":"json_schema","json_schema":{{"name":"answer","strict":true,"schema":{schema}}}}}}}"#
    )
}

/// The same schema, `strict: false`.
fn lax(schema: &str) -> String {
    strict(schema).replace(r#""strict":true"#, r#""strict":false"#)
}

/// Params with one strict tool taking `parameters`.
fn strict_tool(parameters: &str) -> String {
    format!(
        r#"{{"model":"zai-glm-4.7","messages":[],"tools":[{{"type":"function","function":{{"name":"get_weather","strict":true,"description":"Get the weather","parameters":{parameters}}}}}]}}"#
    )
}

/// `pointer` under the response format's schema.
fn at(pointer: &str) -> String {
    format!("{AT}{pointer}")
}

fn passes(params: &str) {
    assert_eq!(found(params), Vec::new(), "{params}");
}

fn one(params: &str, pointer: &str, rule: Rule) {
    assert_eq!(
        chat_params_violations(params),
        vec![Violation {
            pointer: pointer.to_owned(),
            rule
        }],
        "{params}"
    );
}

/// A closed object schema with these `properties` (JSON text of their members).
fn object(properties: &str) -> String {
    format!(r#"{{"type":"object","properties":{{{properties}}},"additionalProperties":false}}"#)
}

// ---------------------------------------------------------------------------------------------
// The docs' own examples (structured outputs and tool calling pages): all pass.

const MOVIE: &str = r#"{
    "type": "object",
    "properties": {
        "title": { "type": "string" },
        "director": { "type": "string" },
        "year": { "type": "integer" }
    },
    "required": ["title", "director", "year"],
    "additionalProperties": false
}"#;

const MOVIE_WITH_DEFS: &str = r##"{
    "type": "object",
    "properties": {
        "title": {"type": "string"},
        "director": {"$ref": "#/$defs/person"},
        "year": {"type": "integer"},
        "lead_actor": {"$ref": "#/$defs/person"},
        "studio": {"$ref": "#/$defs/studio"}
    },
    "required": ["title", "director", "year"],
    "additionalProperties": false,
    "$defs": {
        "person": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
            "required": ["name"],
            "additionalProperties": false
        },
        "studio": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "founded": {"type": "integer"}, "headquarters": {"type": "string"}},
            "required": ["name"],
            "additionalProperties": false
        }
    }
}"##;

const DETAILED_MOVIE: &str = r#"{
    "type": "object",
    "properties": {
        "title": {"type": "string"},
        "director": {"type": "string"},
        "year": {"type": "integer"},
        "genres": {"type": "array", "items": {"type": "string"}},
        "rating": {"type": "string", "enum": ["G", "PG", "PG‑13", "R"]},
        "cast": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "role": {"type": "string"}},
                "required": ["name"],
                "additionalProperties": false
            }
        }
    },
    "required": ["title", "director", "year", "genres"],
    "additionalProperties": false
}"#;

const NULLABLE_RECORD: &str = r#"{
  "type": "object",
  "properties": {
    "recordId": {
      "anyOf": [{ "type": "string" }, { "type": "null" }]
    }
  },
  "required": ["recordId"],
  "additionalProperties": false
}"#;

const CALCULATE_TOOL: &str = r#"{"model":"gpt-oss-120b","messages":[{"role":"user","content":"What's the result of 15 multiplied by 7?"}],
  "tools":[{"type":"function","function":{"name":"calculate","strict":true,
    "description":"A calculator tool that can perform basic arithmetic operations.",
    "parameters":{"type":"object","properties":{"expression":{"type":"string","description":"The mathematical expression to evaluate"}},"required":["expression"],"additionalProperties":false}}}],
  "parallel_tool_calls":false}"#;

const WEATHER_TOOL: &str = r#"{"model":"zai-glm-4.7","messages":[],"parallel_tool_calls":true,
  "tools":[{"type":"function","function":{"name":"get_weather","strict":true,"description":"Get the current weather for a location",
    "parameters":{"type":"object","properties":{"location":{"type":"string","description":"City and country, e.g., 'San Francisco, USA'"},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["location","unit"],"additionalProperties":false}}}]}"#;

#[test]
fn the_docs_examples_pass() {
    for schema in [MOVIE, MOVIE_WITH_DEFS, DETAILED_MOVIE, NULLABLE_RECORD] {
        passes(&strict(schema));
        passes(&strict_tool(schema));
        assert_eq!(schema_violations(schema), Vec::new());
    }
    passes(CALCULATE_TOOL);
    passes(WEATHER_TOOL);
    passes(r#"{"model":"gpt-oss-120b","messages":[],"response_format":{"type":"json_object"}}"#);
    // "Specify a Particular Function": one of the tools.
    passes(&CALCULATE_TOOL.replace(
        r#""parallel_tool_calls":false"#,
        r#""tool_choice":{"type":"function","function":{"name":"calculate"}}"#,
    ));
}

#[test]
fn the_prompt_caching_pages_strict_tools_omit_additional_properties_and_are_named() {
    // The prompt-caching page's tools set `strict: true` without `additionalProperties: false`,
    // which the tool-calling page says is "required for every object in your schema": the rule
    // is the tool-calling page's, so the example is reported.
    let params = r#"{"model":"qwen-3-32b","messages":[],"tools":[
      {"type":"function","function":{"name":"get_order_status","description":"Look up an order status by order ID",
        "parameters":{"type":"object","properties":{"order_id":{"type":"string","description":"Order ID (e.g., ORD-123456)"}},"required":["order_id"]},"strict":true}},
      {"type":"function","function":{"name":"cancel_order","description":"Cancel an order by order ID",
        "parameters":{"type":"object","properties":{"order_id":{"type":"string","description":"Order ID (e.g., ORD-123456)"}},"required":["order_id"]},"strict":true}}]}"#;
    expect(
        params,
        &[
            ("/tools/0/function/parameters", "additional-properties-missing"),
            ("/tools/1/function/parameters", "additional-properties-missing"),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Schemas as libraries write them.

#[test]
fn zod_v4_to_json_schema_output_passes() {
    // z.toJSONSchema(z.object({ name: z.string(), age: z.number().int().nullable(),
    //   tags: z.array(z.string()), kind: z.enum(['a', 'b']), version: z.literal(2) }).strict())
    let schema = r#"{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"name":{"type":"string"},"age":{"anyOf":[{"type":"integer","minimum":-9007199254740991,"maximum":9007199254740991},{"type":"null"}]},"tags":{"type":"array","items":{"type":"string"}},"kind":{"type":"string","enum":["a","b"]},"version":{"type":"number","const":2}},"required":["name","age","tags","kind","version"],"additionalProperties":false}"#;
    passes(&strict(schema));
}

#[test]
fn zod_to_json_schema_with_a_name_uses_definitions_and_is_refused() {
    // zodToJsonSchema(MovieSchema, { name: 'movie_schema' }), as the structured-outputs page
    // shows it: draft-07 `definitions`, which strict mode refuses ("use $defs").
    let schema = r##"{"$ref":"#/definitions/movie_schema","definitions":{"movie_schema":{"type":"object","properties":{"title":{"type":"string"},"director":{"type":"string"},"year":{"type":"integer"}},"required":["title","director","year"],"additionalProperties":false}},"$schema":"http://json-schema.org/draft-07/schema#"}"##;
    one(&strict(schema), &at("/definitions"), Rule::Definitions);
}

#[test]
fn zod_to_json_schema_nullable_and_open_objects_are_each_named() {
    // zodToJsonSchema(z.object({ id: z.string().nullable(), meta: z.object({ k: z.string() }).passthrough() }))
    let schema = r#"{"type":"object","properties":{"id":{"type":["string","null"]},"meta":{"type":"object","properties":{"k":{"type":"string"}},"required":["k"],"additionalProperties":true}},"required":["id","meta"],"additionalProperties":false,"$schema":"http://json-schema.org/draft-07/schema#"}"#;
    expect(
        &strict(schema),
        &[
            (&at("/properties/id/type"), "type-array"),
            (&at("/properties/meta/additionalProperties"), "additional-properties-false"),
        ],
    );
}

#[test]
fn a_recursive_zod_lazy_schema_is_refused_at_each_ref_that_closes_a_cycle() {
    // const Category = z.lazy(() => z.object({ name: z.string(), children: z.array(Category) }))
    let schema = r##"{"type":"object","properties":{"name":{"type":"string"},"children":{"type":"array","items":{"$ref":"#"}}},"required":["name","children"],"additionalProperties":false}"##;
    one(&strict(schema), &at("/properties/children/items/$ref"), Rule::RecursiveSchema);
    // Pydantic's self-referencing model: through $defs.
    let pydantic = r##"{"$defs":{"Node":{"type":"object","properties":{"value":{"type":"integer"},"next":{"anyOf":[{"$ref":"#/$defs/Node"},{"type":"null"}]}},"required":["value","next"],"additionalProperties":false}},"$ref":"#/$defs/Node"}"##;
    one(
        &strict(pydantic),
        &at("/$defs/Node/properties/next/anyOf/0/$ref"),
        Rule::RecursiveSchema,
    );
}

#[test]
fn pydantic_model_json_schema_output_passes_once_closed() {
    // Movie.model_json_schema() with model_config = ConfigDict(extra='forbid')
    let schema = r#"{"additionalProperties":false,"properties":{"title":{"title":"Title","type":"string"},"director":{"title":"Director","type":"string"},"year":{"title":"Year","type":"integer"}},"required":["title","director","year"],"title":"Movie","type":"object"}"#;
    passes(&strict(schema));
    // Without extra='forbid' it is open, which strict mode refuses.
    let open = schema.replace(r#""additionalProperties":false,"#, "");
    one(&strict(&open), AT, Rule::AdditionalPropertiesMissing);
}

// ---------------------------------------------------------------------------------------------
// Each rule: one case that passes, one that breaks it.

#[test]
fn invalid_json() {
    passes("{}");
    one("{", "", Rule::InvalidJson);
    one("", "", Rule::InvalidJson);
    one(r#"{"response_format":{"type":"json_object"},}"#, "", Rule::InvalidJson);
}

#[test]
fn params_not_object() {
    passes(r#"{"model":"llama3.1-8b","messages":[]}"#);
    for params in ["[]", "null", "\"params\"", "7"] {
        one(params, "", Rule::ParamsNotObject);
    }
}

#[test]
fn tools_with_response_format() {
    passes(&CALCULATE_TOOL.replace(r#""parallel_tool_calls":false"#, r#""response_format":null"#));
    let both = CALCULATE_TOOL.replace(r#""parallel_tool_calls":false"#, r#""response_format":{"type":"json_object"}"#);
    one(&both, "/response_format", Rule::ToolsWithResponseFormat);
}

#[test]
fn response_format_type() {
    for kind in ["text", "json_object"] {
        passes(&format!(r#"{{"response_format":{{"type":"{kind}"}}}}"#));
    }
    one(
        r#"{"response_format":{"type":"json"}}"#,
        "/response_format/type",
        Rule::ResponseFormatType,
    );
    one(r#"{"response_format":{}}"#, "/response_format", Rule::ResponseFormatType);
    one(r#"{"response_format":"json_object"}"#, "/response_format", Rule::ResponseFormatType);
}

#[test]
fn json_schema_name() {
    passes(r#"{"response_format":{"type":"json_schema","json_schema":{"name":"a"}}}"#);
    one(
        r#"{"response_format":{"type":"json_schema","json_schema":{"schema":{}}}}"#,
        "/response_format/json_schema",
        Rule::JsonSchemaName,
    );
    one(
        r#"{"response_format":{"type":"json_schema","json_schema":{"name":7}}}"#,
        "/response_format/json_schema/name",
        Rule::JsonSchemaName,
    );
    one(
        r#"{"response_format":{"type":"json_schema"}}"#,
        "/response_format",
        Rule::JsonSchemaName,
    );
}

#[test]
fn schema_not_object() {
    passes(r#"{"response_format":{"type":"json_schema","json_schema":{"name":"a","schema":null}}}"#);
    one(
        r#"{"response_format":{"type":"json_schema","json_schema":{"name":"a","schema":"{}"}}}"#,
        AT,
        Rule::SchemaNotObject,
    );
    one(&strict_tool("[]"), "/tools/0/function/parameters", Rule::SchemaNotObject);
    assert_eq!(
        schema_violations("true").into_iter().map(|v| v.rule).collect::<Vec<_>>(),
        [Rule::SchemaNotObject]
    );
}

#[test]
fn tool_function_name() {
    passes(r#"{"tools":[{"type":"function","function":{"name":"a"}}]}"#);
    one(
        r#"{"tools":[{"type":"function","function":{"description":"x"}}]}"#,
        "/tools/0/function",
        Rule::ToolFunctionName,
    );
    one(
        r#"{"tools":[{"type":"function","function":{"name":null}}]}"#,
        "/tools/0/function/name",
        Rule::ToolFunctionName,
    );
    one(
        r#"{"tools":[{"type":"function","function":{"name":"a"}},{"type":"function"}]}"#,
        "/tools/1",
        Rule::ToolFunctionName,
    );
}

#[test]
fn tool_choice_value() {
    for choice in [r#""none""#, r#""auto""#, r#""required""#, "null"] {
        passes(&format!(
            r#"{{"tools":[{{"type":"function","function":{{"name":"a"}}}}],"tool_choice":{choice}}}"#
        ));
    }
    for (choice, pointer) in [
        (r#""any""#, "/tool_choice"),
        ("true", "/tool_choice"),
        (r#"{"type":"tool","function":{"name":"a"}}"#, "/tool_choice/type"),
        (r#"{"function":{"name":"a"}}"#, "/tool_choice"),
        (r#"{"type":"function"}"#, "/tool_choice"),
        (r#"{"type":"function","function":{}}"#, "/tool_choice/function"),
        (r#"{"type":"function","function":{"name":1}}"#, "/tool_choice/function/name"),
    ] {
        let params = format!(r#"{{"tools":[{{"type":"function","function":{{"name":"a"}}}}],"tool_choice":{choice}}}"#);
        one(&params, pointer, Rule::ToolChoiceValue);
    }
}

#[test]
fn tool_choice_unknown_function() {
    let tools = r#""tools":[{"type":"function","function":{"name":"a"}},{"type":"function","function":{"name":"b/c"}}]"#;
    passes(&format!(
        r#"{{{tools},"tool_choice":{{"type":"function","function":{{"name":"b/c"}}}}}}"#
    ));
    one(
        &format!(r#"{{{tools},"tool_choice":{{"type":"function","function":{{"name":"c"}}}}}}"#),
        "/tool_choice/function/name",
        Rule::ToolChoiceUnknownFunction,
    );
    // No tools at all: no function can be named.
    one(
        r#"{"tool_choice":{"type":"function","function":{"name":"a"}}}"#,
        "/tool_choice/function/name",
        Rule::ToolChoiceUnknownFunction,
    );
}

#[test]
fn additional_properties_false() {
    passes(&strict(&object(r#""a":{"type":"string"}"#)));
    for value in ["true", "{}", r#"{"type":"string"}"#] {
        let schema = format!(r#"{{"type":"object","properties":{{}},"additionalProperties":{value}}}"#);
        one(&strict(&schema), &at("/additionalProperties"), Rule::AdditionalPropertiesFalse);
    }
    // On any schema, object or not.
    one(
        &strict(&object(r#""a":{"type":"string","additionalProperties":true}"#)),
        &at("/properties/a/additionalProperties"),
        Rule::AdditionalPropertiesFalse,
    );
    passes(&lax(r#"{"type":"object","properties":{},"additionalProperties":true}"#));
}

#[test]
fn additional_properties_missing() {
    passes(&strict(&object(r#""a":{"type":"string"}"#)));
    // Reported at the object schema itself: one with `"type": "object"` or `properties`.
    one(
        &strict(r#"{"type":"object","properties":{"a":{"type":"string"}}}"#),
        AT,
        Rule::AdditionalPropertiesMissing,
    );
    one(&strict(r#"{"type":"object"}"#), AT, Rule::AdditionalPropertiesMissing);
    one(&strict(r#"{"properties":{}}"#), AT, Rule::AdditionalPropertiesMissing);
    passes(&strict(&object(r#""a":{"type":"array","items":{"type":"string"}}"#)));
    // Every object, however deep: in properties, items, anyOf and $defs.
    let nested = r##"{"type":"object","properties":{"a":{"type":"object","properties":{}},"b":{"type":"array","items":{"type":"object"}},
      "c":{"anyOf":[{"type":"object","properties":{}},{"type":"null"}]},"d":{"$ref":"#/$defs/d"}},"required":["a","b","c","d"],
      "additionalProperties":false,"$defs":{"d":{"properties":{"x":{"type":"string"}}}}}"##;
    expect(
        &strict(nested),
        &[
            (&at("/properties/a"), "additional-properties-missing"),
            (&at("/properties/b/items"), "additional-properties-missing"),
            (&at("/properties/c/anyOf/0"), "additional-properties-missing"),
            (&at("/$defs/d"), "additional-properties-missing"),
        ],
    );
    // Not strict: the API does not constrain the schema, and neither do we.
    passes(&lax(r#"{"type":"object","properties":{"a":{"type":"string"}}}"#));
    passes(&strict_tool(r#"{"type":"object","properties":{},"additionalProperties":false}"#));
    one(
        &strict_tool(r#"{"type":"object","properties":{}}"#),
        "/tools/0/function/parameters",
        Rule::AdditionalPropertiesMissing,
    );
    passes(&strict_tool(r#"{"type":"object","properties":{}}"#).replace(r#""strict":true"#, r#""strict":false"#));
}

#[test]
fn type_array() {
    passes(&strict(NULLABLE_RECORD));
    let shorthand = object(r#""recordId":{"type":["string","null"]}"#);
    one(&strict(&shorthand), &at("/properties/recordId/type"), Rule::TypeArray);
}

#[test]
fn any_of_max() {
    let options = |n: usize| vec![r#"{"type":"string"}"#; n].join(",");
    passes(&strict(&object(&format!(r#""a":{{"anyOf":[{}]}}"#, options(5)))));
    one(
        &strict(&object(&format!(r#""a":{{"anyOf":[{}]}}"#, options(6)))),
        &at("/properties/a/anyOf"),
        Rule::AnyOfMax,
    );
}

#[test]
fn items_true() {
    passes(&strict(&object(r#""a":{"type":"array","items":{"type":"integer"}}"#)));
    one(
        &strict(&object(r#""a":{"type":"array","items":true}"#)),
        &at("/properties/a/items"),
        Rule::ItemsTrue,
    );
}

#[test]
fn items_false_without_prefix_items() {
    passes(&strict(&object(
        r#""point":{"type":"array","prefixItems":[{"type":"number"},{"type":"number"}],"items":false}"#,
    )));
    one(
        &strict(&object(r#""a":{"type":"array","items":false}"#)),
        &at("/properties/a/items"),
        Rule::ItemsFalseWithoutPrefixItems,
    );
}

#[test]
fn anchor() {
    passes(&strict(MOVIE_WITH_DEFS));
    let anchored = MOVIE_WITH_DEFS.replacen(r#""person": {"#, r#""person": {"$anchor": "person","#, 1);
    one(&strict(&anchored), &at("/$defs/person/$anchor"), Rule::Anchor);
}

#[test]
fn definitions() {
    passes(&strict(MOVIE_WITH_DEFS));
    let old = MOVIE_WITH_DEFS.replace("$defs", "definitions");
    one(&strict(&old), &at("/definitions"), Rule::Definitions);
}

#[test]
fn external_ref() {
    passes(&strict(&object(r##""a":{"$ref":"#/$defs/x"}"##)));
    for target in ["https://example.com/person.json", "person.json#/$defs/x", "urn:x"] {
        let schema = object(&format!(r#""a":{{"$ref":"{target}"}}"#));
        one(&strict(&schema), &at("/properties/a/$ref"), Rule::ExternalRef);
    }
}

#[test]
fn recursive_schema() {
    // Definitions that refer to each other without a cycle pass.
    let chain = r##"{"type":"object","properties":{"a":{"$ref":"#/$defs/a"}},"required":["a"],"additionalProperties":false,
      "$defs":{"a":{"type":"object","properties":{"b":{"$ref":"#/$defs/b"}},"required":["b"],"additionalProperties":false},
               "b":{"type":"object","properties":{"c":{"type":"string"}},"required":["c"],"additionalProperties":false}}}"##;
    passes(&strict(chain));
    // a → b → a: both refs of the cycle are named; the top schema's ref into it is not.
    let cycle = chain.replace(r#""c":{"type":"string"}"#, r##""c":{"$ref":"#/$defs/a"}"##);
    expect(
        &strict(&cycle),
        &[
            (&at("/$defs/a/properties/b/$ref"), "recursive-schema"),
            (&at("/$defs/b/properties/c/$ref"), "recursive-schema"),
        ],
    );
    // A definition referring to itself, and a ref back to the whole schema.
    let own = r##"{"type":"object","properties":{"t":{"$ref":"#/$defs/t"}},"required":["t"],"additionalProperties":false,
      "$defs":{"t":{"type":"object","properties":{"kids":{"type":"array","items":{"$ref":"#/$defs/t"}}},"required":["kids"],"additionalProperties":false}}}"##;
    one(&strict(own), &at("/$defs/t/properties/kids/items/$ref"), Rule::RecursiveSchema);
    one(
        &strict(&object(r##""again":{"$ref":"#"}"##)),
        &at("/properties/again/$ref"),
        Rule::RecursiveSchema,
    );
    // A name with `/` and `~` is found through its escaped pointer.
    let escaped = r##"{"type":"object","properties":{"x":{"$ref":"#/$defs/a~1b~0"}},"required":["x"],"additionalProperties":false,
      "$defs":{"a/b~":{"type":"object","properties":{"y":{"$ref":"#/$defs/a~1b~0"}},"required":["y"],"additionalProperties":false}}}"##;
    one(&strict(escaped), &at("/$defs/a~1b~0/properties/y/$ref"), Rule::RecursiveSchema);
}

/// A strict, closed schema with one string property whose description makes the schema's
/// compact JSON exactly `length` characters.
fn schema_of_length(length: usize) -> String {
    let bare = object(r#""a":{"type":"string","description":""}"#);
    let padding = "é".repeat(length - bare.chars().count()); // characters, not bytes
    let schema = object(&format!(r#""a":{{"type":"string","description":"{padding}"}}"#));
    assert_eq!(schema.chars().count(), length);
    schema
}

#[test]
fn max_schema_length() {
    passes(&strict(&schema_of_length(schema::MAX_SCHEMA_LENGTH)));
    one(&strict(&schema_of_length(schema::MAX_SCHEMA_LENGTH + 1)), AT, Rule::MaxSchemaLength);
    // The length is the compact JSON's, as JSON.stringify sends it: indentation does not count.
    let pretty = schema_of_length(schema::MAX_SCHEMA_LENGTH)
        .replace(",", ",\n        ")
        .replace(":", ": ");
    passes(&strict(&pretty));
}

/// A closed object schema nested `levels` deep (the top schema is level 1).
fn nested(levels: usize) -> String {
    let mut schema = r#"{"type":"string"}"#.to_owned();
    for _ in 1..levels {
        schema = object(&format!(r#""n":{schema}"#));
    }
    schema
}

#[test]
fn max_depth() {
    passes(&strict(&nested(schema::MAX_DEPTH)));
    // Reported once, at the first schema too deep, and nothing under it is walked.
    let too_deep = nested(schema::MAX_DEPTH + 1);
    one(&strict(&too_deep), &at(&"/properties/n".repeat(schema::MAX_DEPTH)), Rule::MaxDepth);
    // Items count as a level; anyOf does not (it describes the same value).
    let items = format!(r#"{{"type":"array","items":{}}}"#, nested(schema::MAX_DEPTH));
    one(
        &strict(&items),
        &at(&format!("/items{}", "/properties/n".repeat(schema::MAX_DEPTH - 1))),
        Rule::MaxDepth,
    );
    let any_of = format!(r#"{{"anyOf":[{}]}}"#, nested(schema::MAX_DEPTH));
    passes(&strict(&any_of));
}

#[test]
fn max_properties() {
    // Counted across the whole schema: 300 + 200 is the limit. Empty schemas keep it under
    // 5000 characters.
    let properties = |n: usize, from: usize| (from..from + n).map(|i| format!(r#""{i}":{{}}"#)).collect::<Vec<_>>().join(",");
    let schema = |inner: usize| object(&format!(r#"{},"inner":{}"#, properties(299, 0), object(&properties(inner, 1000))));
    passes(&strict(&schema(200)));
    one(&strict(&schema(201)), &at("/properties/inner/properties/1200"), Rule::MaxProperties);
}

#[test]
fn max_enum_values() {
    let values = |n: usize| (0..n).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    let two = |a: usize, b: usize| object(&format!(r#""a":{{"enum":[{}]}},"b":{{"enum":[{}]}}"#, values(a), values(b)));
    passes(&strict(&two(250, 250)));
    // Reported once, at the 501st value in document order.
    one(&strict(&two(250, 251)), &at("/properties/b/enum/250"), Rule::MaxEnumValues);
    one(&strict(&two(251, 250)), &at("/properties/b/enum/249"), Rule::MaxEnumValues);
    one(&strict(&two(600, 1)), &at("/properties/a/enum/500"), Rule::MaxEnumValues);
}

/// The rules `params` breaks, without where.
fn rules(params: &str) -> Vec<Rule> {
    chat_params_violations(params).into_iter().map(|v| v.rule).collect()
}

#[test]
fn enum_string_length() {
    // More than 7500 characters is more than the 5000 a strict schema may have in all, so a
    // schema that breaks this rule breaks max-schema-length too; the rule is still named, at
    // the enum, for what to change.
    let strings = |n: usize, len: usize| (0..n).map(|i| format!("\"{:0len$}\"", i)).collect::<Vec<_>>().join(",");
    let schema = |n: usize, len: usize| object(&format!(r#""a":{{"type":"string","enum":[{}]}}"#, strings(n, len)));
    // More than 250 values: at most 7500 characters. 251 × 29 = 7279.
    assert_eq!(rules(&strict(&schema(251, 29))), [Rule::MaxSchemaLength]);
    // 250 values may be longer: 250 × 40 = 10000.
    assert_eq!(rules(&strict(&schema(250, 40))), [Rule::MaxSchemaLength]);
    // 251 × 30 = 7530.
    expect(
        &strict(&schema(251, 30)),
        &[(AT, "max-schema-length"), (&at("/properties/a/enum"), "enum-string-length")],
    );
    // Characters, not bytes: 251 × 16 two-byte characters is 4016 characters (8032 bytes).
    let two_byte = object(&format!(
        r#""a":{{"enum":[{}]}}"#,
        vec![format!("\"{}\"", "é".repeat(16)); 251].join(",")
    ));
    passes(&strict(&two_byte));
}

#[test]
fn too_deep_to_check() {
    let mut shallow = r#"{"type":"string"}"#.to_owned();
    for _ in 0..schema::WALK_LIMIT {
        shallow = format!(r#"{{"anyOf":[{shallow}]}}"#);
    }
    passes(&strict(&shallow));
    let deep = format!(r#"{{"anyOf":[{shallow}]}}"#);
    one(
        &strict(&deep),
        &at(&"/anyOf/0".repeat(schema::WALK_LIMIT + 1)),
        Rule::TooDeepToCheck,
    );
}

// ---------------------------------------------------------------------------------------------
// Pointers, order, the error.

#[test]
fn pointers_escape_tilde_and_slash_in_keys() {
    let schema = object(r#""a/b~c":{"type":"object","properties":{}},"~1":{"type":["string"]}"#);
    expect(
        &strict(&schema),
        &[
            (&at("/properties/a~1b~0c"), "additional-properties-missing"),
            (&at("/properties/~01/type"), "type-array"),
        ],
    );
    // Keys written with escapes are decoded first.
    let escaped = object(r#""\u0061\/b":{"type":["string"]}"#);
    one(&strict(&escaped), &at("/properties/a~1b/type"), Rule::TypeArray);
}

#[test]
fn every_violation_is_reported_in_document_order() {
    let params = r##"{"tool_choice":"always","response_format":{"type":"json_schema","json_schema":{"name":"x","strict":true,"schema":
      {"type":"object","$anchor":"top","properties":{"a":{"type":["string","null"]},"b":{"type":"array","items":true},
       "c":{"$ref":"http://x/y"}}}}},"tools":[{"type":"function","function":{"name":"f"}}]}"##;
    expect(
        params,
        &[
            ("/tool_choice", "tool-choice-value"),
            ("/response_format", "tools-with-response-format"),
            (AT, "additional-properties-missing"),
            (&at("/$anchor"), "anchor"),
            (&at("/properties/a/type"), "type-array"),
            (&at("/properties/b/items"), "items-true"),
            (&at("/properties/c/$ref"), "external-ref"),
        ],
    );
}

#[test]
fn a_repeated_key_is_read_as_json_parse_reads_it_the_last_one() {
    let params = r#"{"response_format":{"type":"xml","type":"json_object"}}"#;
    passes(params);
    one(
        r#"{"response_format":{"type":"json_object","type":"xml"}}"#,
        "/response_format/type",
        Rule::ResponseFormatType,
    );
}

#[test]
fn the_error_lists_each_pointer_and_rule_and_is_a_cerebras_error() {
    assert_eq!(check_chat_params(&strict(MOVIE)), Ok(()));
    let Err(error) = check_chat_params(&strict(r#"{"type":"object","properties":{"a":{"type":["string"]}}}"#)) else {
        panic!("expected violations");
    };
    assert_eq!(
        error,
        SchemaError {
            violations: vec![
                Violation {
                    pointer: AT.to_owned(),
                    rule: Rule::AdditionalPropertiesMissing
                },
                Violation {
                    pointer: at("/properties/a/type"),
                    rule: Rule::TypeArray
                },
            ]
        }
    );
    assert_eq!(
        error.message(),
        "The params break 2 rules of the Cerebras API:\n  \
         /response_format/json_schema/schema: every object schema must set additionalProperties to false (additional-properties-missing)\n  \
         /response_format/json_schema/schema/properties/a/type: the \"type\": [...] shorthand is not supported; use anyOf (type-array)"
    );
    assert_eq!(error.to_string(), error.message());
    let error: cerebras_wasm::error::Error = error.into();
    assert_eq!(error.class(), ErrorClass::CerebrasError);
    let Err(invalid) = check_chat_params("{") else {
        panic!("expected invalid JSON")
    };
    assert_eq!(
        invalid.message(),
        "The params break 1 rule of the Cerebras API:\n  (the params): the params are not valid JSON (invalid-json)"
    );
}

#[test]
fn every_rule_has_a_unique_id_and_the_docs_page_it_comes_from() {
    let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
    assert!(
        ids.iter().all(|id| id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')),
        "{ids:?}"
    );
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), Rule::ALL.len());
    for &rule in Rule::ALL {
        assert!(!rule.message().is_empty());
        match rule {
            Rule::InvalidJson | Rule::TooDeepToCheck | Rule::TooManyToList => assert_eq!(rule.page(), None),
            _ => assert!(
                rule.page().is_some_and(|p| p.starts_with("https://inference-docs.cerebras.ai/")),
                "{rule:?}"
            ),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile input: bounded work, no stack overflow, no panic.

#[test]
fn deep_nesting_anywhere_is_checked_without_recursion() {
    let depth = 200_000;
    // Deep JSON that is not a schema (an enum's value, unknown params): indexed, not walked.
    let value = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    one(&strict(&object(&format!(r#""a":{{"enum":[{value}]}}"#))), AT, Rule::MaxSchemaLength);
    passes(&format!(r#"{{"model":"x","extra":{value}}}"#));
    // Deep properties: one max-depth violation, at level 11.
    let mut schema = String::new();
    for _ in 0..depth / 10 {
        schema.push_str(r#"{"type":"object","additionalProperties":false,"properties":{"n":"#);
    }
    schema.push_str(r#"{"type":"string"}"#);
    schema.push_str(&"}}".repeat(depth / 10));
    expect(
        &strict(&schema),
        &[
            (AT, "max-schema-length"),
            (&at(&"/properties/n".repeat(schema::MAX_DEPTH)), "max-depth"),
        ],
    );
    // Deep anyOf: one too-deep-to-check violation.
    let any_of = format!(
        "{}{}{}",
        r#"{"anyOf":["#.repeat(depth / 10),
        r#"{"type":"string"}"#,
        "]}".repeat(depth / 10)
    );
    assert_eq!(rules(&strict(&any_of)), [Rule::MaxSchemaLength, Rule::TooDeepToCheck]);
    // Unclosed: invalid, not a crash.
    one(&"[".repeat(depth), "", Rule::InvalidJson);
}

#[test]
fn huge_schemas_take_linear_time() {
    // 100,000 properties, every one an open object: each is named, once.
    let properties = (0..100_000)
        .map(|i| format!(r#""p{i}":{{"type":"object"}}"#))
        .collect::<Vec<_>>()
        .join(",");
    let schema = format!(r#"{{"type":"object","properties":{{{properties}}},"additionalProperties":false}}"#);
    let started = std::time::Instant::now();
    let violations = chat_params_violations(&strict(&schema));
    assert!(started.elapsed().as_secs() < 10, "took {:?}", started.elapsed());
    assert_eq!(violations.len(), 100_000 + 2); // each open object, the length, the 501st property
    assert_eq!(
        violations[0],
        Violation {
            pointer: AT.to_owned(),
            rule: Rule::MaxSchemaLength
        }
    );
    assert_eq!(
        violations[1],
        Violation {
            pointer: at("/properties/p0"),
            rule: Rule::AdditionalPropertiesMissing
        }
    );
    assert!(violations.contains(&Violation {
        pointer: at("/properties/p500"),
        rule: Rule::MaxProperties
    }));
}

#[test]
fn a_long_key_above_many_violations_does_not_make_the_list_quadratic() {
    // Each of 20,000 open objects sits under a 200,000-character key: listed in full, their
    // pointers would be 4 GB. The list stops at its budget and says so, last.
    let key = "k".repeat(200_000);
    let open = (0..20_000)
        .map(|i| format!(r#""p{i}":{{"type":"object"}}"#))
        .collect::<Vec<_>>()
        .join(",");
    let schema = object(&format!(
        r#""{key}":{{"type":"object","additionalProperties":false,"properties":{{{open}}}}}"#
    ));
    let params = strict(&schema);
    let started = std::time::Instant::now();
    let violations = chat_params_violations(&params);
    assert!(started.elapsed().as_secs() < 10, "took {:?}", started.elapsed());
    let listed: usize = violations.iter().map(|v| v.pointer.len() + 1).sum();
    assert!(listed <= schema::LIST_BUDGET * params.len() + schema::LIST_BUDGET_BASE, "{listed}");
    assert_eq!(
        violations.last(),
        Some(&Violation {
            pointer: String::new(),
            rule: Rule::TooManyToList
        })
    );
    assert_eq!(
        violations[0],
        Violation {
            pointer: AT.to_owned(),
            rule: Rule::MaxSchemaLength
        }
    );
    let first_open = format!("{AT}/properties/{key}/properties/p0");
    assert_eq!(
        violations[1],
        Violation {
            pointer: first_open,
            rule: Rule::AdditionalPropertiesMissing
        }
    );
    assert!(violations.len() > 10 && violations.len() < 20_000, "{}", violations.len());
}

/// What the structured subpath's wasm hands its host: every violation as JSON, a key with a
/// quote and a control character escaped in its pointer, `page` null for the checker's own rules.
#[test]
fn violations_as_json_for_the_host() {
    assert_eq!(violations_json(&chat_params_violations(&strict(r#"{"type":"object","properties":{},"additionalProperties":false}"#))), "[]");
    let params = strict(r#"{"type":"object","properties":{"a\"b\u0001":{"type":["string","null"]}},"additionalProperties":false}"#);
    let text = violations_json(&chat_params_violations(&params));
    assert_eq!(
        text,
        concat!(
            r#"[{"pointer":"/response_format/json_schema/schema/properties/a\"b\u0001/type","rule":"type-array","#,
            r#""message":"the \"type\": [...] shorthand is not supported; use anyOf","#,
            r#""page":"https://inference-docs.cerebras.ai/capabilities/structured-outputs"}]"#
        )
    );
    assert_eq!(
        violations_json(&chat_params_violations("{")),
        r#"[{"pointer":"","rule":"invalid-json","message":"the params are not valid JSON","page":null}]"#
    );
}

#[test]
fn refs_name_definitions_by_their_escaped_pointer_and_a_repeated_name_keeps_the_last() {
    // `a/b` and `c~d` are written `a~1b` and `c~0d` in a pointer (RFC 6901); a cycle through
    // them is found, so the names were resolved.
    let escaped = r##"{"type":"object","properties":{"x":{"$ref":"#/$defs/a~1b"}},"required":["x"],"additionalProperties":false,
      "$defs":{"a/b":{"type":"object","properties":{"y":{"$ref":"#/$defs/c~0d"}},"required":["y"],"additionalProperties":false},
               "c~d":{"type":"object","properties":{"z":{"$ref":"#/$defs/a~1b"}},"required":["z"],"additionalProperties":false}}}"##;
    let violations = chat_params_violations(&strict(escaped));
    let rules: Vec<_> = violations.iter().map(|v| (v.pointer.as_str(), v.rule)).collect();
    assert_eq!(
        rules,
        [
            ("/response_format/json_schema/schema/$defs/a~1b/properties/y/$ref", Rule::RecursiveSchema),
            ("/response_format/json_schema/schema/$defs/c~0d/properties/z/$ref", Rule::RecursiveSchema),
        ]
    );
    // `~01` is `~1` (one pass), a name that is not `a/b`: no cycle through it.
    passes(&strict(&escaped.replace(r##""z":{"$ref":"#/$defs/a~1b"}"##, r##""z":{"$ref":"#/$defs/a~01b"}"##)));
    // Two definitions named `n`: the last one is the one a ref reaches (as JSON.parse keeps it),
    // here the one that refers back, so the cycle is found.
    let repeated = r##"{"type":"object","properties":{"x":{"$ref":"#/$defs/n"}},"required":["x"],"additionalProperties":false,
      "$defs":{"n":{"type":"string"},"n":{"type":"object","properties":{"y":{"$ref":"#/$defs/n"}},"required":["y"],"additionalProperties":false}}}"##;
    one(&strict(repeated), &at("/$defs/n/properties/y/$ref"), Rule::RecursiveSchema);
}

// ---------------------------------------------------------------------------------------------
// Writing a library's schema as the API accepts it (`schema::as_accepted`).

#[test]
fn a_type_array_is_written_as_the_any_of_it_stands_for_at_every_schema_position() {
    // What Zod 4 writes for `z.object({ a: z.string().nullable(), b: z.array(z.number().nullable()) })`.
    let zod = r#"{"type":"object","properties":{"a":{"type":["string","null"]},"b":{"type":"array","items":{"type":["number","null"]}}},"required":["a","b"],"additionalProperties":false}"#;
    let accepted = schema::as_accepted(zod).unwrap();
    assert_eq!(
        accepted,
        r#"{"type":"object","properties":{"a":{"anyOf":[{"type":"string"},{"type":"null"}]},"b":{"type":"array","items":{"anyOf":[{"type":"number"},{"type":"null"}]}}},"required":["a","b"],"additionalProperties":false}"#
    );
    assert_eq!(found(&strict(zod)), [(at("/properties/a/type"), "type-array"), (at("/properties/b/items/type"), "type-array")]);
    passes(&strict(&accepted));
    // Inside anyOf, $defs, prefixItems and additionalProperties too; the key found wherever it
    // sits among the members, with any whitespace.
    let spread = r#"{ "anyOf" : [ { "minLength": 1 , "type" : [ "string" , "null" ] } ], "$defs": {"d": {"type": ["integer", "null"], "x": 1}}, "prefixItems": [{"type":["boolean"]}], "additionalProperties": {"type": ["string","number"]} }"#;
    assert_eq!(
        schema::as_accepted(spread).unwrap(),
        r#"{ "anyOf" : [ { "minLength": 1 , "anyOf":[{"type":"string"},{"type":"null"}] } ], "$defs": {"d": {"anyOf":[{"type":"integer"},{"type":"null"}], "x": 1}}, "prefixItems": [{"anyOf":[{"type":"boolean"}]}], "additionalProperties": {"anyOf":[{"type":"string"},{"type":"number"}]} }"#
    );
}

#[test]
fn data_and_schemas_that_are_already_accepted_are_left_as_they_are() {
    // enum, const and default hold data: a member named `type` there is not a keyword.
    let data = r#"{"type":"object","properties":{"k":{"enum":[{"type":["a"]}],"const":{"type":["b"]},"default":{"type":["c"]}}},"additionalProperties":false}"#;
    assert_eq!(schema::as_accepted(data).unwrap(), data);
    // A schema with an anyOf of its own, or a repeated `type`, is not rewritten.
    for kept in [r#"{"type":["string","null"],"anyOf":[{"minLength":1}]}"#, r#"{"type":["string"],"type":"string"}"#] {
        assert_eq!(schema::as_accepted(kept).unwrap(), kept);
    }
    // Not an object, or not JSON: nothing to write (the rules say what is wrong).
    for other in ["true", "[1]", "{", ""] {
        assert_eq!(schema::as_accepted(other), None, "{other}");
    }
}

#[test]
fn a_root_that_only_refers_to_its_own_definition_becomes_that_definition() {
    // Zod 4 with the root schema itself named in the registry: `{"$ref": "#/$defs/place", "$defs": {...}}`.
    let named = r##"{"$ref":"#/$defs/place","$defs":{"place":{"type":"object","properties":{"near":{"type":["string","null"]},"next":{"$ref":"#/$defs/stop"}},"required":["near","next"],"additionalProperties":false},"stop":{"type":"object","properties":{"n":{"type":"string"}},"required":["n"],"additionalProperties":false}}}"##;
    let accepted = schema::as_accepted(named).unwrap();
    assert_eq!(
        accepted,
        r##"{"type":"object","properties":{"near":{"anyOf":[{"type":"string"},{"type":"null"}]},"next":{"$ref":"#/$defs/stop"}},"required":["near","next"],"additionalProperties":false,"$defs":{"place":{"type":"object","properties":{"near":{"anyOf":[{"type":"string"},{"type":"null"}]},"next":{"$ref":"#/$defs/stop"}},"required":["near","next"],"additionalProperties":false},"stop":{"type":"object","properties":{"n":{"type":"string"}},"required":["n"],"additionalProperties":false}}}"##
    );
    passes(&strict(&accepted));
    // A `$ref` beside other keywords, or to a name that is not there, is left alone.
    for kept in [r##"{"$ref":"#/$defs/a","type":"object","$defs":{"a":{"type":"string"}}}"##, r##"{"$ref":"#/$defs/b","$defs":{"a":{"type":"string"}}}"##] {
        assert_eq!(schema::as_accepted(kept).unwrap(), kept);
    }
}

#[test]
fn a_deep_schema_is_written_without_recursion() {
    let depth = 100_000;
    let deep = format!("{}{{\"type\":[\"string\",\"null\"]}}{}", r#"{"items":"#.repeat(depth), "}".repeat(depth));
    let accepted = schema::as_accepted(&deep).unwrap();
    assert!(accepted.contains(r#"{"anyOf":[{"type":"string"},{"type":"null"}]}"#));
    assert_eq!(accepted.len(), deep.len() - r#""type":["string","null"]"#.len() + r#""anyOf":[{"type":"string"},{"type":"null"}]"#.len());
}

#[test]
fn a_reply_cut_short_or_filtered_cannot_be_parsed_any_other_finish_can() {
    assert_eq!(schema::unparseable_finish("length"), Some("LengthFinishReasonError"));
    assert_eq!(schema::unparseable_finish("content_filter"), Some("ContentFilterFinishReasonError"));
    for parseable in ["stop", "tool_calls", "", "Length"] {
        assert_eq!(schema::unparseable_finish(parseable), None, "{parseable}");
    }
}

//! The tool runner's rules (src/tool_runner.rs): which call runs with which tool, what goes back
//! to the model in openai-node's words, how the calls of a reply run, when the loop stops, and a
//! hostile message answered without a panic.
use cerebras_wasm::tool_runner::{
    max_rounds, plan_round, resolve_tools, round_json, start_json, tool_content, Action, Next, Parse, Round, RoundRules, Tool, ToolSpec,
};

fn tools() -> Vec<Tool> {
    vec![
        Tool {
            name: "get_weather".into(),
            parse: Parse::Json,
        },
        Tool {
            name: "get_time".into(),
            parse: Parse::Raw,
        },
        Tool {
            name: "lookup".into(),
            parse: Parse::Own,
        },
    ]
}

fn rules(tools: &[Tool]) -> RoundRules<'_> {
    RoundRules {
        tools,
        tool_choice: None,
        parallel_tool_calls: None,
        round: 1,
        max_rounds: 10,
        id_seed: "s",
    }
}

fn call(id: &str, name: &str, args: &str) -> String {
    format!(
        r#"{{"id":"{id}","type":"function","function":{{"name":"{name}","arguments":{}}}}}"#,
        serde_free_quote(args)
    )
}

fn serde_free_quote(text: &str) -> String {
    cerebras_wasm::json::quote(text)
}

fn message(calls: &[String]) -> String {
    format!(r#"{{"role":"assistant","content":null,"tool_calls":[{}]}}"#, calls.join(","))
}

fn round(message: &str, rules: &RoundRules<'_>) -> Round {
    match plan_round(message, rules) {
        Ok(Next::Run(round)) => round,
        other => panic!("expected a round, got {other:?}"),
    }
}

#[test]
fn a_reply_without_tool_calls_ends_the_run() {
    let tools = tools();
    for message in [
        r#"{"role":"assistant","content":"Paris."}"#,
        r#"{"role":"assistant","content":"x","tool_calls":[]}"#,
        r#"{"role":"assistant","content":"x","tool_calls":null}"#,
    ] {
        assert_eq!(plan_round(message, &rules(&tools)), Ok(Next::Done), "{message}");
    }
}

#[test]
fn a_reply_without_a_message_is_an_error() {
    let tools = tools();
    for message in ["null", "", "[1]", "{\"role\":"] {
        assert_eq!(
            plan_round(message, &rules(&tools)),
            Err("missing message in ChatCompletion response".to_owned()),
            "{message:?}"
        );
    }
}

#[test]
fn each_call_runs_with_its_tool_by_name_in_call_order_together() {
    let tools = tools();
    let r = round(
        &message(&[
            call("a", "get_time", "{}"),
            call("b", "get_weather", r#"{"city":"Paris"}"#),
            call("c", "lookup", "not json: its own parse decides"),
        ]),
        &rules(&tools),
    );
    let actions: Vec<(usize, &str, &Action)> = r.calls.iter().map(|c| (c.call, c.id.as_str(), &c.action)).collect();
    assert_eq!(
        actions,
        vec![(0, "a", &Action::Run(1)), (1, "b", &Action::Run(0)), (2, "c", &Action::Run(2))]
    );
    assert!(!r.sequential && !r.stop_when_called && !r.last);
}

#[test]
fn an_unknown_tool_is_answered_with_the_options() {
    let tools = tools();
    let r = round(&message(&[call("a", "get_wether", "{}")]), &rules(&tools));
    assert_eq!(
        r.calls[0].action,
        Action::Answer(
            r#"Invalid tool_call: "get_wether". Available options are: "get_weather", "get_time", "lookup". Please try again"#.to_owned()
        )
    );
    // A call without a name: as JSON.stringify shows what is missing.
    let r = round(
        r#"{"role":"assistant","tool_calls":[{"id":"x","type":"function","function":{"arguments":"{}"}}]}"#,
        &rules(&tools),
    );
    assert!(
        matches!(&r.calls[0].action, Action::Answer(c) if c.starts_with("Invalid tool_call: undefined. ")),
        "{r:?}"
    );
}

#[test]
fn a_name_given_twice_is_one_option_run_by_its_last_tool() {
    let tools = vec![
        Tool {
            name: "a".into(),
            parse: Parse::Raw,
        },
        Tool {
            name: "b".into(),
            parse: Parse::Raw,
        },
        Tool {
            name: "a".into(),
            parse: Parse::Own,
        },
    ];
    let r = round(&message(&[call("x", "a", "{}"), call("y", "c", "{}")]), &rules(&tools));
    assert_eq!(r.calls[0].action, Action::Run(2));
    assert_eq!(
        r.calls[1].action,
        Action::Answer(r#"Invalid tool_call: "c". Available options are: "a", "b". Please try again"#.to_owned())
    );
}

#[test]
fn arguments_that_are_not_json_go_back_for_a_tool_that_parses_json_only() {
    let tools = tools();
    let r = round(
        &message(&[call("a", "get_weather", "{\"city\":"), call("b", "get_time", "{\"city\":")]),
        &rules(&tools),
    );
    assert_eq!(
        r.calls[0].action,
        Action::Answer(
            r#"Invalid tool_call arguments: "get_weather" was given arguments that are not JSON (at byte 8). Please try again"#.to_owned()
        )
    );
    assert_eq!(r.calls[1].action, Action::Run(1), "a raw tool gets the text as it is");
}

#[test]
fn a_forced_function_runs_one_by_one_and_ends_the_run_once_called() {
    let tools = tools();
    let mut rules = rules(&tools);
    rules.tool_choice = Some(r#"{"type":"function","function":{"name":"get_time"}}"#);
    let r = round(&message(&[call("a", "get_weather", "{}"), call("b", "get_time", "{}")]), &rules);
    assert_eq!(
        r.calls[0].action,
        Action::Answer(r#"Invalid tool_call: "get_weather". "get_time" requested. Please try again"#.to_owned())
    );
    assert_eq!(r.calls[1].action, Action::Run(1));
    assert!(r.sequential && r.stop_when_called);
    // "required" and "auto" force no one function.
    rules.tool_choice = Some("\"required\"");
    let r = round(&message(&[call("a", "get_weather", "{}")]), &rules);
    assert!(!r.sequential && !r.stop_when_called && r.calls[0].action == Action::Run(0));
}

#[test]
fn parallel_tool_calls_false_runs_them_one_by_one() {
    let tools = tools();
    let mut rules = rules(&tools);
    rules.parallel_tool_calls = Some("false");
    assert!(round(&message(&[call("a", "get_time", "{}")]), &rules).sequential);
    rules.parallel_tool_calls = Some("true");
    assert!(!round(&message(&[call("a", "get_time", "{}")]), &rules).sequential);
}

#[test]
fn the_round_at_the_bound_is_the_last() {
    let tools = tools();
    let mut rules = rules(&tools);
    rules.max_rounds = 2;
    rules.round = 1;
    assert!(!round(&message(&[call("a", "get_time", "{}")]), &rules).last);
    rules.round = 2;
    assert!(round(&message(&[call("a", "get_time", "{}")]), &rules).last);
}

#[test]
fn a_call_without_an_id_gets_one_unique_to_the_run() {
    let tools = tools();
    let mut rules = rules(&tools);
    rules.round = 3;
    let r = round(
        r#"{"role":"assistant","tool_calls":[{"type":"function","function":{"name":"get_time","arguments":""}},{"id":"","function":{"name":"get_time","arguments":""}},{"id":"own","function":{"name":"get_time","arguments":""}}]}"#,
        &rules,
    );
    let ids: Vec<(&str, bool)> = r.calls.iter().map(|c| (c.id.as_str(), c.id_made)).collect();
    assert_eq!(ids, vec![("call_s_3_0", true), ("call_s_3_1", true), ("own", false)]);
}

#[test]
fn calls_of_another_type_are_left_alone() {
    let tools = tools();
    let r = round(
        r#"{"role":"assistant","tool_calls":[{"id":"a","type":"custom","custom":{}},{"id":"b","type":"function","function":{"name":"get_time","arguments":"x"}}]}"#,
        &rules(&tools),
    );
    assert_eq!(r.calls.len(), 1);
    assert_eq!((r.calls[0].call, &r.calls[0].action), (1, &Action::Run(1)));
}

#[test]
fn results_become_content_as_openai_node_makes_it() {
    assert_eq!(tool_content(Some("\"sunny\"")), "sunny");
    assert_eq!(tool_content(Some("\"a \\\"quoted\\\" \\u00e9\"")), "a \"quoted\" é");
    assert_eq!(tool_content(Some("{\"t\":21}")), "{\"t\":21}");
    assert_eq!(tool_content(Some("42")), "42");
    assert_eq!(tool_content(Some("null")), "null");
    assert_eq!(tool_content(None), "undefined");
    assert_eq!(tool_content(Some(" \"\"\n")), "", "whitespace around a string is not part of it");
}

#[test]
fn the_run_is_refused_before_sending_as_openai_node_refuses_it() {
    let spec = |name: Option<&str>, function_name: Option<&str>, callable| ToolSpec {
        name: name.map(Into::into),
        function_name: function_name.map(Into::into),
        callable,
    };
    assert_eq!(
        resolve_tools(
            &[
                spec(Some("a"), Some("f"), true),
                spec(None, Some("g"), true),
                spec(Some(""), Some("h"), true)
            ],
            None,
            None
        ),
        Ok(vec!["a".into(), "g".into(), "h".into()])
    );
    assert_eq!(
        resolve_tools(&[spec(Some("a"), None, false)], None, None),
        Err("Tool given to `.runTools()` that does not have an associated function".into())
    );
    assert!(resolve_tools(&[spec(None, Some(""), true)], None, None)
        .unwrap_err()
        .contains("tools[0]"));
    assert!(resolve_tools(&[], Some("2"), None)
        .unwrap_err()
        .starts_with("ChatCompletion convenience helpers only support n=1"));
    assert_eq!(resolve_tools(&[], Some("1"), None), Ok(vec![]));
    assert_eq!(max_rounds(None), Ok(10));
    assert_eq!(max_rounds(Some("3")), Ok(3));
    for bad in ["0", "-1", "1.5", "\"3\"", "1e300"] {
        assert!(max_rounds(Some(bad)).is_err(), "{bad}");
    }
}

#[test]
fn the_boundary_answers_in_json() {
    assert_eq!(
        start_json(r#"{"tools":[{"name":"a","functionName":null,"callable":true}],"maxChatCompletions":2}"#),
        r#"{"names":["a"],"maxRounds":2}"#
    );
    assert_eq!(start_json(r#"{"tools":[]}"#), r#"{"names":[],"maxRounds":10}"#);
    assert_eq!(
        start_json(r#"{"tools":[{"name":"a","callable":false}]}"#),
        r#"{"error":"Tool given to `.runTools()` that does not have an associated function"}"#
    );
    let input = format!(
        r#"{{"message":{},"tools":[{{"name":"get_time","parse":"raw"}}],"toolChoice":"auto","round":2,"maxRounds":2,"idSeed":"q"}}"#,
        message(&[call("a", "get_time", "{}"), call("b", "nope", "{}")])
    );
    assert_eq!(
        round_json(&input),
        r#"{"next":"run","sequential":false,"stopWhenCalled":false,"last":true,"calls":[{"call":0,"id":"a","idMade":false,"tool":0},{"call":1,"id":"b","idMade":false,"content":"Invalid tool_call: \"nope\". Available options are: \"get_time\". Please try again"}]}"#
    );
    assert_eq!(
        round_json(r#"{"message":{"role":"assistant","content":"hi"},"tools":[]}"#),
        r#"{"next":"done"}"#
    );
    assert!(round_json("not json").starts_with(r#"{"error":"#));
}

#[test]
fn hostile_messages_are_answered_without_a_panic() {
    let tools = tools();
    let deep = format!(
        r#"{{"role":"assistant","tool_calls":[{{"id":"a","function":{{"name":"get_weather","arguments":{}}}}}]}}"#,
        cerebras_wasm::json::quote(&format!("{}{}", "[".repeat(200_000), "]".repeat(200_000)))
    );
    let r = round(&deep, &rules(&tools));
    assert_eq!(r.calls[0].action, Action::Run(0), "200,000 levels of JSON are JSON");
    let nested = format!(r#"{{"tool_calls":{}{}}}"#, "[".repeat(100_000), "]".repeat(100_000));
    assert!(plan_round(&nested, &rules(&tools)).is_ok());
    let many: Vec<String> = (0..10_000).map(|i| call(&format!("c{i}"), "missing", "{}")).collect();
    assert_eq!(round(&message(&many), &rules(&tools)).calls.len(), 10_000);
    for junk in [
        "{\"tool_calls\":[1,\"x\",null]}",
        "{\"tool_calls\":{}}",
        "{\"tool_calls\":[{\"function\":7}]}",
        "\u{0}",
        "{\"a\":\"\\ud800\"}",
    ] {
        let _ = plan_round(junk, &rules(&tools));
    }
}

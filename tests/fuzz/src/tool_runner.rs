//! The `tool_runner` target: the tool runner's rules (src/tool_runner.rs) on an assistant message
//! as the model might write it, against a reference read by serde_json, sharing no code with the
//! crate.

use crate::reference::{is_json, parse_value};
use cerebras_wasm::tool_runner::{plan_round, round_json, tool_content, Action, Next, Parse, RoundRules, Tool};
use serde_json::Value;

const NAMES: [(&str, Parse); 3] = [("get_weather", Parse::Json), ("get_time", Parse::Raw), ("lookup", Parse::Own)];

/// Byte 0 picks the rules (a function forced or not, `parallel_tool_calls` false or not), the
/// rest is the message. Properties: no panic; the same answer twice; the boundary's answer is
/// JSON; and where serde_json reads the message, every call's fate is the one the rules give it.
pub fn check_tool_runner(data: &[u8]) {
    let (mode, rest) = data.split_first().map_or((0, data), |(&m, r)| (m, r));
    let text = String::from_utf8_lossy(rest);
    let text = &*text;
    let tools: Vec<Tool> = NAMES
        .iter()
        .map(|&(name, parse)| Tool {
            name: name.to_owned(),
            parse,
        })
        .collect();
    let forced = mode & 1 == 1;
    let rules = RoundRules {
        tools: &tools,
        tool_choice: Some(if forced {
            r#"{"type":"function","function":{"name":"get_time"}}"#
        } else {
            "\"auto\""
        }),
        parallel_tool_calls: Some(if mode & 2 == 2 { "false" } else { "true" }),
        round: 1,
        max_rounds: 2,
        id_seed: "s",
    };
    let answer = plan_round(text, &rules);
    assert_eq!(plan_round(text, &rules), answer, "a second answer differs: {text:?}");

    let wrapped = format!(r#"{{"message":{text},"tools":[{{"name":"get_weather","parse":"json"}}],"round":1,"maxRounds":1,"idSeed":"s"}}"#);
    let out = round_json(&wrapped);
    assert!(is_json(&out), "the boundary answered {out:?} to {wrapped:?}");

    if let Ok(value) = parse_value(text) {
        check_against_reference(text, &value, forced, &answer);
        if let Value::String(s) = &value {
            assert_eq!(&tool_content(Some(text)), s, "a string result is its text: {text:?}");
        } else {
            assert_eq!(tool_content(Some(text)), text, "a result other than a string is its JSON: {text:?}");
        }
    }
}

fn check_against_reference(text: &str, value: &Value, forced: bool, answer: &Result<Next, String>) {
    let Value::Object(message) = value else {
        assert!(answer.is_err(), "a message that is not an object: {text:?} → {answer:?}");
        return;
    };
    let calls = match message.get("tool_calls") {
        Some(Value::Array(calls)) if calls.iter().any(Value::is_object) => calls,
        _ => {
            assert_eq!(answer, &Ok(Next::Done), "no tool calls: {text:?}");
            return;
        }
    };
    let Ok(Next::Run(round)) = answer else {
        panic!("tool calls, yet {answer:?}: {text:?}");
    };
    assert_eq!((round.sequential || !forced, round.stop_when_called), (true, forced), "{text:?}");
    let expected: Vec<usize> = calls
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_object() && c.get("type").is_none_or(|t| t == "function"))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(
        round.calls.iter().map(|c| c.call).collect::<Vec<_>>(),
        expected,
        "the calls run: {text:?}"
    );
    for plan in &round.calls {
        let call = &calls[plan.call];
        match call.get("id") {
            Some(Value::String(id)) if !id.is_empty() => assert_eq!((&plan.id, plan.id_made), (id, false), "{text:?}"),
            _ => assert_eq!(
                (plan.id.clone(), plan.id_made),
                (format!("call_s_1_{}", plan.call), true),
                "{text:?}"
            ),
        }
        let function = call.get("function").filter(|f| f.is_object());
        let name = function.and_then(|f| f.get("name")).and_then(Value::as_str);
        let arguments = function.and_then(|f| f.get("arguments")).and_then(Value::as_str).unwrap_or("");
        let tool = name.and_then(|name| NAMES.iter().position(|(n, _)| *n == name));
        match (tool, &plan.action) {
            (None, Action::Answer(content)) => assert!(
                content.starts_with("Invalid tool_call: ") && content.contains("Available options are"),
                "{content:?}"
            ),
            (Some(_), Action::Answer(content)) if forced && name != Some("get_time") => {
                assert!(content.ends_with(" \"get_time\" requested. Please try again"), "{content:?}")
            }
            (Some(0), Action::Answer(content)) if !is_json(arguments) => {
                assert!(content.starts_with("Invalid tool_call arguments: \"get_weather\""), "{content:?}")
            }
            (Some(index), Action::Run(run)) => {
                assert_eq!(index, *run, "the tool of that name: {text:?}");
                assert!(
                    !(forced && name != Some("get_time")),
                    "another than the forced function ran: {text:?}"
                );
                // Text serde_json refuses only for a lone surrogate's escape is JSON to the crate.
                assert!(
                    index != 0 || is_json(arguments) || arguments.contains("\\u"),
                    "arguments that are not JSON ran: {text:?}"
                );
            }
            (tool, action) => panic!("{tool:?} → {action:?}: {text:?}"),
        }
    }
}

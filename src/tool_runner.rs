//! The rules of the tool runner (`runTools()` of `cerebras-wasm/structured`, openai-node's
//! helper of the same name): which tools a run has, what each tool call of a reply does, what a
//! tool's result becomes, and whether the loop goes on. The host only sends, awaits the user's
//! functions and emits events; every choice is made here.
//!
//! - [`resolve_tools`]: each tool's name (its `name`, else its function's), and the run's params
//!   refused as openai-node refuses them (a tool without a function, `n` above 1), plus a bound
//!   on rounds that is not a positive whole number.
//! - [`plan_round`]: for the assistant message of one reply, either the end of the run (no tool
//!   calls) or each call's fate, in call order: run by a tool, or answered at once with
//!   openai-node's wording (an unknown tool, another than the one `tool_choice` forces,
//!   arguments that are not JSON for a tool that parses them); whether the calls run together or
//!   one by one; and whether this is the last round.
//! - [`tool_content`]: a result as the tool message's content: a string as it is, anything else
//!   as its JSON text, `undefined` as the word.
//!
//! The message is the model's, so untrusted: read by [`json::index`] (one pass, no recursion,
//! any depth), never panicking, and every answer linear in its length.

use crate::json::{self, children, member, Kind, Node};
use crate::text::{concat, decimal, parse_int};

/// openai-node's bound on chat completions in one run, when none is given.
pub const DEFAULT_MAX_CHAT_COMPLETIONS: u64 = 10;

/// How a tool turns the call's arguments into what its function is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parse {
    /// The arguments' text, as the model wrote it (a runnable function without `parse`).
    Raw,
    /// The tool's own `parse`, given the text: whatever it accepts is its business.
    Own,
    /// JSON first (a `zodFunction`, whose schema then validates): text that is not JSON is sent
    /// back to the model without running anything.
    Json,
}

impl Parse {
    fn from_id(id: &str) -> Option<Parse> {
        match id {
            "raw" => Some(Parse::Raw),
            "own" => Some(Parse::Own),
            "json" => Some(Parse::Json),
            _ => None,
        }
    }
}

/// One tool as the host describes it before the run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ToolSpec {
    /// `function.name` of the tool, if given.
    pub name: Option<String>,
    /// The name of the JS function itself (`function.function.name`), the fallback.
    pub function_name: Option<String>,
    /// Whether it has a function to call.
    pub callable: bool,
}

/// A tool of the run: its name and how its arguments are parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tool {
    pub name: String,
    pub parse: Parse,
}

/// Each tool's name, in order, or why the run cannot start (nothing is sent then).
///
/// `n` and `max_chat_completions` are the raw JSON values of the params' `n` and the option
/// (`None` when absent).
pub fn resolve_tools(specs: &[ToolSpec], n: Option<&str>, max_chat_completions: Option<&str>) -> Result<Vec<String>, String> {
    // Integers only: `n` is one (a fractional `n` the API refuses itself), and text::parse_int
    // keeps the float reader out of the subpath's wasm.
    if let Some(n) = n.and_then(|n| parse_int(n, i64::MIN, i64::MAX)) {
        if n > 1 {
            return Err("ChatCompletion convenience helpers only support n=1 at this time. To use n>1, please use chat.completions.create() directly.".to_owned());
        }
    }
    max_rounds(max_chat_completions)?;
    let mut names = Vec::with_capacity(specs.len());
    for (i, spec) in specs.iter().enumerate() {
        if !spec.callable {
            return Err("Tool given to `.runTools()` that does not have an associated function".to_owned());
        }
        let name = [&spec.name, &spec.function_name]
            .into_iter()
            .flatten()
            .find(|name| !name.is_empty());
        match name {
            Some(name) => names.push(name.clone()),
            None => {
                return Err(concat(&[
                    "The tool at tools[",
                    &decimal(i as u64),
                    "] given to `.runTools()` has no name: give it `function.name`, or a named function",
                ]))
            }
        }
    }
    Ok(names)
}

/// The bound on rounds: the option's value (a whole number from 1), else the default.
pub fn max_rounds(raw: Option<&str>) -> Result<u64, String> {
    let Some(raw) = raw.filter(|raw| *raw != "null") else {
        return Ok(DEFAULT_MAX_CHAT_COMPLETIONS);
    };
    // Up to JavaScript's largest safe integer, as `JSON.stringify` writes a whole number.
    match parse_int(raw, 1, 9_007_199_254_740_991) {
        Some(n) => Ok(n as u64),
        None => Err(concat(&["maxChatCompletions must be a whole number from 1, got ", raw])),
    }
}

/// What the rest of a reply's params say about its round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundRules<'a> {
    pub tools: &'a [Tool],
    /// The params' `tool_choice`, as raw JSON (`None` when absent).
    pub tool_choice: Option<&'a str>,
    /// The params' `parallel_tool_calls`, as raw JSON (`None` when absent).
    pub parallel_tool_calls: Option<&'a str>,
    /// This reply's round, from 1.
    pub round: u64,
    pub max_rounds: u64,
    /// Makes the ids of calls that came without one: unique to the run.
    pub id_seed: &'a str,
}

/// What to do with one tool call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Run the tool at this index of the run's tools.
    Run(usize),
    /// Answer at once with this tool message content, running nothing.
    Answer(String),
}

/// One tool call of the reply and its fate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallPlan {
    /// Its index in the message's `tool_calls`.
    pub call: usize,
    /// Its id: its own, or one made for a call that came without.
    pub id: String,
    /// Whether `id` was made here (the host writes it into the message).
    pub id_made: bool,
    pub action: Action,
}

/// One round's tool calls, in call order (calls of another type than `function` are left out,
/// as openai-node does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    pub calls: Vec<CallPlan>,
    /// One after another (a forced function, or `parallel_tool_calls: false`), else together.
    pub sequential: bool,
    /// A forced function: the run ends as soon as one call of it has run.
    pub stop_when_called: bool,
    /// The bound is reached: the results are added, and nothing more is sent.
    pub last: bool,
}

/// What a reply means for the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// No tool calls: the run is over.
    Done,
    Run(Round),
}

fn raw<'t>(text: &'t str, nodes: &[Node<'_>], node: usize) -> &'t str {
    nodes.get(node).and_then(|n| text.get(n.start..n.end)).unwrap_or("")
}

fn string_at(text: &str, nodes: &[Node<'_>], node: Option<usize>) -> Option<String> {
    let node = node?;
    (nodes[node].kind == Kind::String)
        .then(|| json::as_string(raw(text, nodes, node)))
        .flatten()
}

/// The function a `tool_choice` forces, if it names one.
fn forced_function(tool_choice: Option<&str>) -> Option<String> {
    let text = tool_choice?;
    let nodes = json::index(text).ok()?;
    let function = member(&nodes, 0, "function")?;
    string_at(text, &nodes, member(&nodes, function, "name"))
}

/// A name in a message, as `JSON.stringify` writes it: quoted, or `undefined` when missing.
fn shown(name: &Option<String>, raw_name: Option<&str>) -> String {
    match (name, raw_name) {
        (Some(name), _) => json::quote(name),
        (None, Some(raw)) => raw.to_owned(),
        (None, None) => "undefined".to_owned(),
    }
}

/// One reply's assistant message (its JSON text; `null` when the reply had none) judged by the
/// rules: see the module's documentation. An error is for a reply the run cannot go on from.
pub fn plan_round(message: &str, rules: &RoundRules<'_>) -> Result<Next, String> {
    let missing = || "missing message in ChatCompletion response".to_owned();
    let nodes = json::index(message).map_err(|_| missing())?;
    if nodes.first().map(|n| n.kind) != Some(Kind::Object) {
        return Err(missing());
    }
    let Some(calls) = member(&nodes, 0, "tool_calls").filter(|&c| nodes[c].kind == Kind::Array && nodes[c].after > c + 1) else {
        return Ok(Next::Done);
    };
    let forced = forced_function(rules.tool_choice);
    // openai-node's list of options: each name once, where it first appears.
    let mut available = String::new();
    for (i, tool) in rules.tools.iter().enumerate() {
        if rules.tools[..i].iter().any(|t| t.name == tool.name) {
            continue;
        }
        if !available.is_empty() {
            available.push_str(", ");
        }
        json::quote_into(&mut available, &tool.name);
    }
    let mut plans = Vec::new();
    for (position, call) in children(&nodes, calls).enumerate() {
        if nodes[call].kind != Kind::Object {
            continue;
        }
        if let Some(kind) = member(&nodes, call, "type") {
            if string_at(message, &nodes, Some(kind)).as_deref() != Some("function") {
                continue; // not a function call: nothing of ours answers it
            }
        }
        let (id, id_made) = match string_at(message, &nodes, member(&nodes, call, "id")).filter(|id| !id.is_empty()) {
            Some(id) => (id, false),
            None => (
                concat(&["call_", rules.id_seed, "_", &decimal(rules.round), "_", &decimal(position as u64)]),
                true,
            ),
        };
        let function = member(&nodes, call, "function");
        let name_node = function.and_then(|f| member(&nodes, f, "name"));
        let name = string_at(message, &nodes, name_node);
        let arguments = string_at(message, &nodes, function.and_then(|f| member(&nodes, f, "arguments"))).unwrap_or_default();
        let tool = name.as_ref().and_then(|name| rules.tools.iter().rposition(|t| &t.name == name));
        let shown_name = shown(&name, name_node.map(|n| raw(message, &nodes, n)));
        let action = match tool {
            None => Action::Answer(concat(&[
                "Invalid tool_call: ",
                &shown_name,
                ". Available options are: ",
                &available,
                ". Please try again",
            ])),
            Some(_) if forced.as_ref().is_some_and(|forced| Some(forced) != name.as_ref()) => {
                let forced = forced.as_deref().unwrap_or_default();
                Action::Answer(concat(&[
                    "Invalid tool_call: ",
                    &shown_name,
                    ". ",
                    &json::quote(forced),
                    " requested. Please try again",
                ]))
            }
            Some(index) if rules.tools[index].parse == Parse::Json && json::index(&arguments).is_err() => {
                let offset = json::index(&arguments).err().map_or(0, |e| e.offset);
                Action::Answer(concat(&[
                    "Invalid tool_call arguments: ",
                    &shown_name,
                    " was given arguments that are not JSON (at byte ",
                    &decimal(offset as u64),
                    "). Please try again",
                ]))
            }
            Some(index) => Action::Run(index),
        };
        plans.push(CallPlan {
            call: position,
            id,
            id_made,
            action,
        });
    }
    if plans.is_empty() && !children(&nodes, calls).any(|c| nodes[c].kind == Kind::Object) {
        return Ok(Next::Done);
    }
    let parallel_off = rules.parallel_tool_calls.is_some_and(|raw| raw == "false");
    Ok(Next::Run(Round {
        calls: plans,
        sequential: forced.is_some() || parallel_off,
        stop_when_called: forced.is_some(),
        last: rules.round >= rules.max_rounds,
    }))
}

/// A tool's result as its message's content. `json_text` is what the host's `JSON.stringify`
/// made of it (`None` for `undefined`, which it does not serialise): a string comes back as the
/// string itself, anything else as that JSON text.
pub fn tool_content(json_text: Option<&str>) -> String {
    match json_text {
        None => "undefined".to_owned(),
        // A JSON string, whitespace around it or not, is its value (`JSON.stringify` writes none).
        Some(text) => json::as_string(text.trim_matches([' ', '\t', '\n', '\r']))
            .filter(|_| json::index(text).is_ok())
            .unwrap_or_else(|| text.to_owned()),
    }
}

/// Tools as the host sends them (`[{"name":"…","parse":"raw"|"own"|"json"}]`).
pub fn tools_from_json(text: &str) -> Result<Vec<Tool>, String> {
    let bad = || "internal: the tools are not as the runner sends them".to_owned();
    let nodes = json::index(text).map_err(|_| bad())?;
    if nodes.first().map(|n| n.kind) != Some(Kind::Array) {
        return Err(bad());
    }
    let mut tools = Vec::new();
    for t in children(&nodes, 0) {
        let name = string_at(text, &nodes, member(&nodes, t, "name")).ok_or_else(bad)?;
        let parse = string_at(text, &nodes, member(&nodes, t, "parse"))
            .and_then(|p| Parse::from_id(&p))
            .ok_or_else(bad)?;
        tools.push(Tool { name, parse });
    }
    Ok(tools)
}

/// Tool specs as the host sends them (`[{"name", "functionName", "callable"}]`, names
/// `null` when absent).
pub fn specs_from_json(text: &str) -> Result<Vec<ToolSpec>, String> {
    let bad = || "`tools` must be an array of tools".to_owned();
    let nodes = json::index(text).map_err(|_| bad())?;
    if nodes.first().map(|n| n.kind) != Some(Kind::Array) {
        return Err(bad());
    }
    let mut specs = Vec::new();
    for t in children(&nodes, 0) {
        specs.push(ToolSpec {
            name: string_at(text, &nodes, member(&nodes, t, "name")),
            function_name: string_at(text, &nodes, member(&nodes, t, "functionName")),
            callable: member(&nodes, t, "callable").is_some_and(|c| nodes[c].kind == Kind::True),
        });
    }
    Ok(specs)
}

/// The host's request for [`resolve_tools`], as JSON text (`{"tools", "n", "maxChatCompletions"}`),
/// answered as `{"names":[…],"maxRounds":…}` (the bound, the default filled in) or
/// `{"error":"…"}`.
pub fn start_json(input: &str) -> String {
    let answer = (|| -> Result<(Vec<String>, u64), String> {
        let nodes = json::index(input).map_err(|_| "internal: the runner's start is not JSON".to_owned())?;
        let field = |key: &str| member(&nodes, 0, key).map(|n| raw(input, &nodes, n));
        let specs = specs_from_json(field("tools").unwrap_or("null"))?;
        let names = resolve_tools(&specs, field("n"), field("maxChatCompletions"))?;
        Ok((names, max_rounds(field("maxChatCompletions"))?))
    })();
    match answer {
        Ok((names, rounds)) => {
            let mut out = String::from("{\"names\":[");
            for (i, name) in names.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json::quote_into(&mut out, name);
            }
            out.push_str("],\"maxRounds\":");
            out.push_str(&decimal(rounds));
            out.push('}');
            out
        }
        Err(message) => error_json(&message),
    }
}

/// The host's request for [`plan_round`], as JSON text (`{"message", "tools", "toolChoice",
/// "parallelToolCalls", "round", "maxRounds", "idSeed"}`), answered as `{"next":"done"}`,
/// `{"next":"run","sequential","stopWhenCalled","last","calls":[{"call","id","idMade","tool"} or
/// {"call","id","idMade","content"}]}`, or `{"error":"…"}`.
pub fn round_json(input: &str) -> String {
    let answer = (|| {
        let nodes = json::index(input).map_err(|_| "internal: the runner's round is not JSON".to_owned())?;
        let field = |key: &str| member(&nodes, 0, key).map(|n| raw(input, &nodes, n));
        let tools = tools_from_json(field("tools").unwrap_or("null"))?;
        let count = |key: &str| field(key).and_then(|raw| parse_int(raw, 1, i64::MAX)).map_or(1, |n| n as u64);
        let id_seed = string_at(input, &nodes, member(&nodes, 0, "idSeed")).unwrap_or_default();
        let rules = RoundRules {
            tools: &tools,
            tool_choice: field("toolChoice"),
            parallel_tool_calls: field("parallelToolCalls"),
            round: count("round"),
            max_rounds: count("maxRounds"),
            id_seed: &id_seed,
        };
        plan_round(field("message").unwrap_or("null"), &rules)
    })();
    match answer {
        Ok(Next::Done) => "{\"next\":\"done\"}".to_owned(),
        Ok(Next::Run(round)) => {
            let flag = |b: bool| if b { "true" } else { "false" };
            let mut out = concat(&[
                "{\"next\":\"run\",\"sequential\":",
                flag(round.sequential),
                ",\"stopWhenCalled\":",
                flag(round.stop_when_called),
                ",\"last\":",
                flag(round.last),
                ",\"calls\":[",
            ]);
            for (i, plan) in round.calls.iter().enumerate() {
                out.push_str(if i == 0 { "{\"call\":" } else { ",{\"call\":" });
                out.push_str(&decimal(plan.call as u64));
                out.push_str(",\"id\":");
                json::quote_into(&mut out, &plan.id);
                out.push_str(",\"idMade\":");
                out.push_str(flag(plan.id_made));
                match &plan.action {
                    Action::Run(tool) => {
                        out.push_str(",\"tool\":");
                        out.push_str(&decimal(*tool as u64));
                    }
                    Action::Answer(content) => {
                        out.push_str(",\"content\":");
                        json::quote_into(&mut out, content);
                    }
                }
                out.push('}');
            }
            out.push_str("]}");
            out
        }
        Err(message) => error_json(&message),
    }
}

fn error_json(message: &str) -> String {
    let mut out = String::from("{\"error\":");
    json::quote_into(&mut out, message);
    out.push('}');
    out
}

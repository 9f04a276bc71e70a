//! Health of objects decided by CEL expressions (Kustomization
//! `spec.healthCheckExprs`), in place of the built-in kstatus rules.
//!
//! Semantics follow Flux's custom health checks: a rule applies to every
//! object of its group and kind (the first rule for a group and kind wins);
//! an object whose `status.observedGeneration` differs from its
//! `metadata.generation` is InProgress; otherwise `inProgress`, `failed` and
//! `current` are evaluated in that order and the first that is true decides;
//! when none is, the object is InProgress. The object's top-level fields
//! (`metadata`, `spec`, `status`, …) are the expressions' variables. An
//! expression that cannot be evaluated (a missing field, a non-boolean
//! result) makes the status Unknown, so a wait runs into its timeout with the
//! reason in its message.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use cel::{Context, Env, Program};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::kstatus::{ObjectStatus, Status};

/// The CEL standard library with optional syntax (`status.?conditions`),
/// shared by every expression.
static ENV: LazyLock<Arc<Env>> = LazyLock::new(|| Arc::new(Env::stdlib()));

/// One compiled expression and its source, for messages.
#[derive(Clone)]
struct Expression {
    field: &'static str,
    source: String,
    program: Arc<Program>,
}

impl std::fmt::Debug for Expression {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {:?}", self.field, self.source)
    }
}

impl Expression {
    fn compile(field: &'static str, source: &str, rule: &str) -> Result<Self> {
        if source.trim().is_empty() {
            return Err(Error::InvalidHealthExpression {
                rule: rule.to_string(),
                field,
                expression: source.to_string(),
                message: "the expression is empty".into(),
            });
        }
        // NB: the parser is generated code; a panic in it must not take the
        // controller down.
        let compiled = std::panic::catch_unwind(|| ENV.compile(source)).map_err(|_| {
            Error::InvalidHealthExpression {
                rule: rule.to_string(),
                field,
                expression: source.to_string(),
                message: "the CEL parser failed".into(),
            }
        })?;
        let program = compiled.map_err(|e| Error::InvalidHealthExpression {
            rule: rule.to_string(),
            field,
            expression: source.to_string(),
            message: e.to_string(),
        })?;
        Ok(Expression {
            field,
            source: source.to_string(),
            program: Arc::new(program),
        })
    }

    /// Evaluates the expression with the object's top-level fields bound.
    fn evaluate(&self, context: &Context<'_, '_>) -> std::result::Result<bool, String> {
        let run = || self.program.execute(context);
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
            Ok(Ok(cel::Value::Bool(b))) => Ok(b),
            Ok(Ok(other)) => Err(format!(
                "{} expression {:?} returned {other:?}, not a boolean",
                self.field, self.source
            )),
            Ok(Err(e)) => Err(format!(
                "{} expression {:?} failed: {e}",
                self.field, self.source
            )),
            Err(_) => Err(format!(
                "{} expression {:?}: the CEL interpreter failed",
                self.field, self.source
            )),
        }
    }
}

/// The CEL expressions deciding the health of one group and kind.
#[derive(Clone, Debug)]
pub struct HealthRule {
    group: String,
    kind: String,
    current: Expression,
    in_progress: Option<Expression>,
    failed: Option<Expression>,
}

impl HealthRule {
    /// Compiles the expressions for objects of `api_version` (`group/version`;
    /// only the group is matched) and `kind`. Fails with
    /// [`Error::InvalidHealthExpression`] naming the expression that does not
    /// parse; `current` is required, the others may be `None` or empty.
    pub fn new(
        api_version: &str,
        kind: &str,
        current: &str,
        in_progress: Option<&str>,
        failed: Option<&str>,
    ) -> Result<Self> {
        let rule = format!("{kind} ({api_version})");
        if kind.is_empty() {
            return Err(Error::InvalidHealthExpression {
                rule,
                field: "kind",
                expression: String::new(),
                message: "kind is required".into(),
            });
        }
        let optional = |field, source: Option<&str>| {
            source
                .filter(|s| !s.trim().is_empty())
                .map(|s| Expression::compile(field, s, &rule))
                .transpose()
        };
        let group = api_version
            .split_once('/')
            .map(|(g, _)| g)
            .unwrap_or_default();
        Ok(HealthRule {
            group: group.to_string(),
            kind: kind.to_string(),
            current: Expression::compile("current", current, &rule)?,
            in_progress: optional("inProgress", in_progress)?,
            failed: optional("failed", failed)?,
        })
    }

    fn evaluate(&self, object: &Value) -> ObjectStatus {
        // A controller that has not seen the latest spec is still working.
        let generation = object
            .pointer("/metadata/generation")
            .and_then(Value::as_i64);
        let observed = object
            .pointer("/status/observedGeneration")
            .and_then(Value::as_i64);
        if let (Some(generation), Some(observed)) = (generation, observed)
            && generation != observed
        {
            return ObjectStatus {
                status: Status::InProgress,
                message: format!("the generation has not been observed: {observed}/{generation}"),
            };
        }
        let mut context = Context::with_env(Arc::clone(&ENV));
        if let Some(fields) = object.as_object() {
            for (name, value) in fields {
                context.add_variable_from_value(name.as_str(), to_cel(value));
            }
        }
        let ordered = [
            (self.in_progress.as_ref(), Status::InProgress),
            (self.failed.as_ref(), Status::Failed),
            (Some(&self.current), Status::Current),
        ];
        for (expression, status) in ordered {
            let Some(expression) = expression else {
                continue;
            };
            match expression.evaluate(&context) {
                Ok(true) => {
                    return ObjectStatus {
                        status,
                        message: format!(
                            "healthCheckExprs: {} expression {:?} is true",
                            expression.field, expression.source
                        ),
                    };
                }
                Ok(false) => {}
                Err(message) => {
                    return ObjectStatus {
                        status: Status::Unknown,
                        message: format!("healthCheckExprs: {message}"),
                    };
                }
            }
        }
        ObjectStatus {
            status: Status::InProgress,
            message: "healthCheckExprs: no expression is true yet".into(),
        }
    }
}

/// Custom health rules by group and kind; objects of other kinds keep the
/// built-in kstatus rules. Cheap to clone.
#[derive(Clone, Debug, Default)]
pub struct HealthRules {
    rules: Arc<Vec<HealthRule>>,
}

impl HealthRules {
    /// The rules, in order: for a group and kind given twice, the first wins.
    pub fn new(rules: Vec<HealthRule>) -> Self {
        HealthRules {
            rules: Arc::new(rules),
        }
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The status of `object` (its full JSON) by the first rule for its
    /// group and kind, or `None` when no rule covers it.
    pub fn evaluate(&self, object: &Value) -> Option<ObjectStatus> {
        let api_version = object
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let group = api_version
            .split_once('/')
            .map(|(g, _)| g)
            .unwrap_or_default();
        let kind = object.get("kind").and_then(Value::as_str)?;
        self.rules
            .iter()
            .find(|r| r.group == group && r.kind == kind)
            .map(|r| r.evaluate(object))
    }
}

/// JSON to CEL, integers as `int` (as Kubernetes' unstructured objects give
/// them to Flux's evaluator).
fn to_cel(value: &Value) -> cel::Value {
    match value {
        Value::Null => cel::Value::Null,
        Value::Bool(b) => cel::Value::Bool(*b),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => cel::Value::Int(i),
            (None, Some(u)) => cel::Value::UInt(u),
            (None, None) => cel::Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => cel::Value::String(Arc::new(s.clone())),
        Value::Array(items) => cel::Value::List(Arc::new(items.iter().map(to_cel).collect())),
        Value::Object(fields) => {
            let map: HashMap<String, cel::Value> =
                fields.iter().map(|(k, v)| (k.clone(), to_cel(v))).collect();
            cel::Value::from(map)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sealed_secret_rule() -> HealthRule {
        HealthRule::new(
            "bitnami.com/v1alpha1",
            "SealedSecret",
            "status.conditions.filter(e, e.type == 'Synced').all(e, e.status == 'True')",
            Some("!has(status.conditions)"),
            Some("status.conditions.filter(e, e.type == 'Synced').all(e, e.status == 'False')"),
        )
        .unwrap()
    }

    fn secret(status: Value) -> Value {
        json!({"apiVersion": "bitnami.com/v1alpha1", "kind": "SealedSecret",
               "metadata": {"name": "s", "generation": 2}, "status": status})
    }

    #[test]
    fn expressions_decide_in_flux_order() {
        let rules = HealthRules::new(vec![sealed_secret_rule()]);
        let synced = |s: &str| json!({"observedGeneration": 2, "conditions": [{"type": "Synced", "status": s}]});
        let status = |v: Value| rules.evaluate(&secret(v)).unwrap().status;
        assert_eq!(status(synced("True")), Status::Current);
        assert_eq!(status(synced("False")), Status::Failed);
        assert_eq!(status(json!({"observedGeneration": 2})), Status::InProgress);
        // An older generation is in progress whatever the conditions say.
        assert_eq!(
            status(
                json!({"observedGeneration": 1, "conditions": [{"type": "Synced", "status": "True"}]})
            ),
            Status::InProgress
        );
        // Nothing true yet: in progress.
        assert_eq!(status(synced("Unknown")), Status::InProgress);
        // Other kinds keep the built-in rules.
        assert!(
            rules
                .evaluate(&json!({"apiVersion": "v1", "kind": "ConfigMap"}))
                .is_none()
        );
        // The version does not matter, the group does.
        let mut other_version = secret(synced("True"));
        other_version["apiVersion"] = json!("bitnami.com/v1");
        assert_eq!(
            rules.evaluate(&other_version).unwrap().status,
            Status::Current
        );
    }

    #[test]
    fn evaluation_errors_are_unknown_and_name_the_expression() {
        let rule = HealthRule::new(
            "example.com/v1",
            "Widget",
            "status.phase == 'Ready'",
            None,
            None,
        )
        .unwrap();
        let rules = HealthRules::new(vec![rule]);
        let widget = json!({"apiVersion": "example.com/v1", "kind": "Widget", "spec": {}});
        let got = rules.evaluate(&widget).unwrap();
        assert_eq!(got.status, Status::Unknown);
        assert!(
            got.message.contains("status.phase == 'Ready'"),
            "{}",
            got.message
        );
        let not_bool = HealthRules::new(vec![
            HealthRule::new("example.com/v1", "Widget", "spec", None, None).unwrap(),
        ]);
        let got = not_bool.evaluate(&widget).unwrap();
        assert_eq!(got.status, Status::Unknown);
        assert!(got.message.contains("not a boolean"), "{}", got.message);
    }

    #[test]
    fn optional_syntax_and_integers_work() {
        let rule = HealthRule::new(
            "example.com/v1",
            "Widget",
            "status.?replicas.orValue(0) >= 2 && metadata.generation == 1",
            None,
            None,
        )
        .unwrap();
        let rules = HealthRules::new(vec![rule]);
        let widget = |replicas: Value| {
            json!({"apiVersion": "example.com/v1", "kind": "Widget",
                   "metadata": {"generation": 1}, "status": replicas})
        };
        assert_eq!(
            rules
                .evaluate(&widget(json!({"replicas": 2})))
                .unwrap()
                .status,
            Status::Current
        );
        assert_eq!(
            rules.evaluate(&widget(json!({}))).unwrap().status,
            Status::InProgress
        );
    }

    #[test]
    fn bad_expressions_are_refused_naming_them() {
        let err =
            HealthRule::new("example.com/v1", "Widget", "status.phase ==", None, None).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("current"), "{message}");
        assert!(message.contains("status.phase =="), "{message}");
        assert!(message.contains("Widget"), "{message}");
        let err = HealthRule::new("example.com/v1", "Widget", "true", Some("status.(("), None)
            .unwrap_err();
        assert!(err.to_string().contains("inProgress"), "{err}");
        assert!(HealthRule::new("example.com/v1", "Widget", " ", None, None).is_err());
        assert!(HealthRule::new("example.com/v1", "", "true", None, None).is_err());
    }
}

//! CEL in a Kustomization's spec: `spec.healthCheckExprs` (compiled into
//! the apply engine's [`HealthRules`]) and `spec.dependsOn[].readyExpr`.

use std::sync::{Arc, LazyLock};

use ballast_api::Kustomization;
use ballast_apply::{HealthRule, HealthRules};
use cel::{Context, Env, Program};

/// Flux's prefix for errors that no retry can fix.
pub(crate) const TERMINAL: &str = "Reconciliation failed terminally due to configuration error";

/// The CEL standard library with optional syntax.
static ENV: LazyLock<Arc<Env>> = LazyLock::new(|| Arc::new(Env::stdlib()));

/// Why a `readyExpr` gave no answer.
#[derive(Debug)]
pub(crate) enum ReadyExprError {
    /// The expression can never work (it names an undefined variable):
    /// a configuration error.
    Invalid(String),
    /// It failed on these objects (a missing field, a non-boolean result);
    /// the dependency is not ready yet.
    Failed(String),
}

/// Compiles `spec.healthCheckExprs`; the error names the entry and the
/// expression that does not compile.
pub(crate) fn health_rules(ks: &Kustomization) -> Result<HealthRules, String> {
    let mut rules = Vec::new();
    for (i, check) in ks.spec.health_check_exprs.iter().flatten().enumerate() {
        let rule = HealthRule::new(
            &check.api_version,
            check.kind.as_deref().unwrap_or_default(),
            &check.current,
            check.in_progress.as_deref(),
            check.failed.as_deref(),
        )
        .map_err(|e| format!("spec.healthCheckExprs[{i}]: {e}"))?;
        rules.push(rule);
    }
    Ok(HealthRules::new(rules))
}

/// A compiled `readyExpr`.
pub(crate) struct ReadyExpr {
    source: String,
    program: Program,
}

impl ReadyExpr {
    /// Compiles `source`.
    pub(crate) fn compile(source: &str) -> Result<Self, String> {
        let program = std::panic::catch_unwind(|| ENV.compile(source))
            .map_err(|_| format!("readyExpr {source:?}: the CEL parser failed"))?
            .map_err(|e| format!("readyExpr {source:?}: {e}"))?;
        Ok(ReadyExpr {
            source: source.to_string(),
            program,
        })
    }

    /// Evaluates the expression with `self` the dependent and `dep` the
    /// dependency, both as their full JSON.
    pub(crate) fn evaluate(
        &self,
        this: &serde_json::Value,
        dep: &serde_json::Value,
    ) -> Result<bool, ReadyExprError> {
        let source = &self.source;
        let failed = ReadyExprError::Failed;
        let mut context = Context::with_env(Arc::clone(&ENV));
        for (name, value) in [("self", this), ("dep", dep)] {
            let value = cel::to_value(value)
                .map_err(|e| failed(format!("readyExpr {source:?}: cannot convert {name}: {e}")))?;
            context.add_variable_from_value(name, value);
        }
        let run = || self.program.execute(&context);
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
            Ok(Ok(cel::Value::Bool(b))) => Ok(b),
            Ok(Ok(other)) => Err(failed(format!(
                "readyExpr {source:?} returned {other:?}, not a boolean"
            ))),
            // Only `self` and `dep` exist, whatever the objects hold.
            Ok(Err(cel::ExecutionError::UndeclaredReference(name))) => {
                Err(ReadyExprError::Invalid(format!(
                    "readyExpr {source:?}: undeclared reference to '{name}' (only 'self' and 'dep' are defined)"
                )))
            }
            Ok(Err(e)) => Err(failed(format!("readyExpr {source:?} failed: {e}"))),
            Err(_) => Err(failed(format!(
                "readyExpr {source:?}: the CEL interpreter failed"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ready_expressions_see_self_and_dep() {
        // Flux's documented example, comprehension variable included.
        let expr = ReadyExpr::compile(
            "dep.metadata.labels['app/version'] == self.metadata.labels['app/version'] && dep.status.conditions.filter(e, e.type == 'Ready').all(e, e.status == 'True') && dep.metadata.generation == dep.status.observedGeneration",
        )
        .unwrap();
        let this = json!({"metadata": {"labels": {"app/version": "v2"}}});
        let dep = |version: &str| {
            json!({"metadata": {"labels": {"app/version": version}, "generation": 3},
                   "status": {"observedGeneration": 3, "conditions": [{"type": "Ready", "status": "True"}]}})
        };
        assert!(expr.evaluate(&this, &dep("v2")).unwrap());
        assert!(!expr.evaluate(&this, &dep("v1")).unwrap());
        // A field the dependency lacks (yet) is a failed evaluation, not a bad expression.
        let err = expr.evaluate(&this, &json!({"metadata": {}})).unwrap_err();
        assert!(
            matches!(&err, ReadyExprError::Failed(m) if m.contains("readyExpr")),
            "{err:?}"
        );
    }

    #[test]
    fn ready_expressions_that_cannot_work_are_invalid() {
        let err = ReadyExpr::compile("dep.status.ready &&").err().unwrap();
        assert!(err.contains("dep.status.ready &&"), "{err}");
        let err = ReadyExpr::compile("other.ready")
            .unwrap()
            .evaluate(&json!({}), &json!({}))
            .unwrap_err();
        assert!(
            matches!(&err, ReadyExprError::Invalid(m) if m.contains("'other'")),
            "{err:?}"
        );
        let err = ReadyExpr::compile("dep.metadata.name")
            .unwrap()
            .evaluate(&json!({}), &json!({"metadata": {"name": "x"}}))
            .unwrap_err();
        assert!(
            matches!(&err, ReadyExprError::Failed(m) if m.contains("not a boolean")),
            "{err:?}"
        );
    }

    #[test]
    fn health_rule_errors_name_the_entry() {
        let ks: Kustomization = serde_json::from_value(json!({
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
            "metadata": {"name": "k", "namespace": "default"},
            "spec": {"interval": "1m", "prune": true, "sourceRef": {"kind": "GitRepository", "name": "r"},
                     "healthCheckExprs": [
                        {"apiVersion": "example.com/v1", "kind": "Widget", "current": "status.ready"},
                        {"apiVersion": "example.com/v1", "kind": "Gadget", "current": "status.ready ==", "failed": "false"}]}
        }))
        .unwrap();
        let err = health_rules(&ks).unwrap_err();
        assert!(err.starts_with("spec.healthCheckExprs[1]"), "{err}");
        assert!(
            err.contains("Gadget") && err.contains("status.ready =="),
            "{err}"
        );
    }
}

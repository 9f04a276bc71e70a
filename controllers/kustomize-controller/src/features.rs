//! `--feature-gates`, named as Flux's kustomize-controller names them, so a
//! Flux Deployment's arguments start Ballast unchanged.

use std::collections::BTreeMap;
use std::str::FromStr;

/// Gates that change what this controller does.
const STRICT_POST_BUILD_SUBSTITUTIONS: &str = "StrictPostBuildSubstitutions";
const ADDITIVE_CEL_DEPENDENCY_CHECK: &str = "AdditiveCELDependencyCheck";

/// Flux gates accepted for compatibility whose behaviour Ballast has either
/// always (health checks cancelled on a new revision) or has no use for
/// (caches Ballast does not keep, log grouping, unbuilt source kinds).
const ACCEPTED_WITHOUT_EFFECT: [&str; 7] = [
    "CacheSecretsAndConfigMaps",
    "DisableStatusPollerCache",
    "DisableFailFastBehavior",
    "GroupChangeLog",
    "ExternalArtifact",
    "CancelHealthCheckOnNewRevision",
    "ObjectLevelWorkloadIdentity",
];

/// The parsed `--feature-gates=Name=true,Other=false` flag.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeatureGates {
    /// Undefined post-build variables without a default fail the build.
    pub strict_post_build_substitutions: bool,
    /// A dependency's `readyExpr` adds to the built-in readiness check
    /// instead of replacing it.
    pub additive_cel_dependency_check: bool,
    /// Gates given that change nothing here, for a warning at start-up.
    pub without_effect: Vec<String>,
}

impl FromStr for FeatureGates {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let mut gates = BTreeMap::new();
        for pair in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, enabled) = pair
                .split_once('=')
                .ok_or_else(|| format!("feature gate {pair:?}: expected Name=true|false"))?;
            let enabled = match enabled.trim() {
                "true" | "True" | "TRUE" => true,
                "false" | "False" | "FALSE" => false,
                other => {
                    return Err(format!(
                        "feature gate {name}: {other:?} is not a boolean (true or false)"
                    ));
                }
            };
            gates.insert(name.trim().to_string(), enabled);
        }
        let mut parsed = FeatureGates::default();
        for (name, enabled) in gates {
            match name.as_str() {
                STRICT_POST_BUILD_SUBSTITUTIONS => parsed.strict_post_build_substitutions = enabled,
                ADDITIVE_CEL_DEPENDENCY_CHECK => parsed.additive_cel_dependency_check = enabled,
                known if ACCEPTED_WITHOUT_EFFECT.contains(&known) => {
                    parsed.without_effect.push(name);
                }
                unknown => {
                    let mut known: Vec<&str> = ACCEPTED_WITHOUT_EFFECT.to_vec();
                    known.extend([
                        STRICT_POST_BUILD_SUBSTITUTIONS,
                        ADDITIVE_CEL_DEPENDENCY_CHECK,
                    ]);
                    known.sort_unstable();
                    return Err(format!(
                        "unknown feature gate {unknown:?} (known: {})",
                        known.join(", ")
                    ));
                }
            }
        }
        Ok(parsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_flux_gates_and_rejects_unknown_ones() {
        let gates: FeatureGates =
            "StrictPostBuildSubstitutions=true,AdditiveCELDependencyCheck=false,GroupChangeLog=true"
                .parse()
                .unwrap();
        assert!(gates.strict_post_build_substitutions);
        assert!(!gates.additive_cel_dependency_check);
        assert_eq!(gates.without_effect, vec!["GroupChangeLog".to_string()]);
        assert_eq!("".parse::<FeatureGates>().unwrap(), FeatureGates::default());

        let err = "StrictPostBuildSubstitution=true"
            .parse::<FeatureGates>()
            .unwrap_err();
        assert!(
            err.contains("unknown feature gate \"StrictPostBuildSubstitution\""),
            "{err}"
        );
        let err = "GroupChangeLog=yes".parse::<FeatureGates>().unwrap_err();
        assert!(
            err.contains("GroupChangeLog") && err.contains("\"yes\""),
            "{err}"
        );
        let err = "GroupChangeLog".parse::<FeatureGates>().unwrap_err();
        assert!(err.contains("Name=true|false"), "{err}");
    }
}

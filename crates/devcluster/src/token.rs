//! TokenRequest (`POST .../serviceaccounts/NAME/token`, `kubectl create
//! token`): issues a bearer token for a service account. There is no
//! token signer here, so the token is a JWT-shaped string with the claims
//! kube-apiserver puts in one and a random signature; devcluster accepts
//! it until it expires, as a cluster administrator like its own token.

use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine;
use serde_json::{Value, json};

use crate::api::{ApiResult, Req, Target2, json_response};
use crate::error::{ApiError, Target};
use crate::server::Shared;

/// kube-apiserver's default audience and token lifetime.
const AUDIENCE: &str = "https://kubernetes.default.svc.cluster.local";
const DEFAULT_SECONDS: i64 = 3600;

fn b64(data: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(data)
}

/// Whether `token` was issued here and has not expired.
pub(crate) fn valid(s: &Shared, token: &str) -> bool {
    let now = jiff::Timestamp::now().as_second();
    let mut issued = s.issued.lock().unwrap_or_else(|e| e.into_inner());
    issued.retain(|_, exp| *exp > now);
    issued.contains_key(token)
}

/// Issues a token for the service account the request names.
pub(crate) fn request(s: &Shared, t: &Target2, req: &Req) -> ApiResult<Response> {
    let ns = t.ns.clone().unwrap_or_default();
    let name = t.name.clone().unwrap_or_default();
    let sa = s.store().get(&t.info.gr(), &ns, &name).ok_or_else(|| {
        ApiError::not_found(Target {
            group: "",
            kind: "serviceaccounts",
            name: &name,
        })
    })?;
    let body = if req.body.is_empty() {
        json!({})
    } else {
        req.body_value()?
    };
    let seconds = body
        .pointer("/spec/expirationSeconds")
        .and_then(Value::as_i64)
        .unwrap_or(DEFAULT_SECONDS);
    if seconds < 600 {
        return Err(ApiError::invalid(
            "TokenRequest",
            "authentication.k8s.io",
            &name,
            &[crate::error::FieldError {
                field: "spec.expirationSeconds".into(),
                reason: "FieldValueInvalid",
                message: format!(
                    "Invalid value: {seconds}: may not specify a duration less than 10 minutes"
                ),
            }],
        ));
    }
    let audiences = match body.pointer("/spec/audiences").and_then(Value::as_array) {
        Some(a) if !a.is_empty() => Value::Array(a.clone()),
        _ => json!([AUDIENCE]),
    };
    let now = jiff::Timestamp::now();
    let exp = now.as_second() + seconds;
    let uid = sa.pointer("/metadata/uid").cloned().unwrap_or(Value::Null);
    let claims = json!({
        "aud": audiences,
        "exp": exp,
        "iat": now.as_second(),
        "iss": AUDIENCE,
        "nbf": now.as_second(),
        "sub": format!("system:serviceaccount:{ns}:{name}"),
        "kubernetes.io": {"namespace": ns, "serviceaccount": {"name": name, "uid": uid}},
    });
    let signature: [u8; 32] = rand::random();
    let token = format!(
        "{}.{}.{}",
        b64(br#"{"alg":"RS256","typ":"JWT"}"#),
        b64(claims.to_string().as_bytes()),
        b64(&signature)
    );
    s.issued
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(token.clone(), exp);
    let expires = jiff::Timestamp::from_second(exp)
        .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default();
    Ok(json_response(
        StatusCode::CREATED,
        &json!({
            "kind": "TokenRequest",
            "apiVersion": "authentication.k8s.io/v1",
            "metadata": {"name": name, "namespace": ns, "creationTimestamp": crate::api::now()},
            "spec": {"audiences": audiences, "expirationSeconds": seconds, "boundObjectRef": null},
            "status": {"token": token, "expirationTimestamp": expires},
        }),
    ))
}

//! PATCH: JSON patch, merge patch, strategic merge patch and server-side apply.

use std::sync::Arc;

use axum::response::Response;
use serde_json::{Value, json};

use crate::api::{ApiResult, Req, Target2, Validation, WriteOpts, write};
use crate::error::{ApiError, Target};
use crate::server::Shared;

const ACCEPTED: &str =
    "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml";

fn content_type(req: &Req) -> String {
    req.headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Applies a PATCH request, retrying on concurrent writes when the patch
/// itself does not pin a resourceVersion (as kube-apiserver does).
pub(crate) fn patch(s: &Shared, t: &Target2, req: &Req) -> ApiResult<Response> {
    let ct = content_type(req);
    let name = t.name.clone().unwrap_or_default();
    let target = Target {
        group: &t.info.group,
        kind: &t.info.plural,
        name: &name,
    };
    let body = req.body_value()?;
    if t.sub.as_deref() == Some("scale") {
        return patch_scale(s, t, req, &ct, &body, &name);
    }
    let is_apply = ct == "application/apply-patch+yaml";
    let manager = match req.q("fieldManager") {
        Some(m) if !m.is_empty() => m.to_string(),
        _ if is_apply => {
            return Err(ApiError::bad_request(
                "PATCH, fieldManager is required for apply requests",
            ));
        }
        _ => req
            .headers
            .get(axum::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .and_then(|ua| ua.split('/').next())
            .unwrap_or("unknown")
            .to_string(),
    };
    let mut opts = WriteOpts::from_req(req, &manager, if is_apply { "Apply" } else { "Update" })?;
    opts.manager = manager.clone();
    let force = req.flag("force");
    if force && !is_apply {
        return Err(ApiError::bad_request(
            "force is only allowed for apply patches",
        ));
    }
    let pins_rv = body
        .pointer("/metadata/resourceVersion")
        .and_then(Value::as_str)
        .is_some_and(|r| !r.is_empty());
    for _attempt in 0..8 {
        let current = s
            .store()
            .get(&t.info.gr(), t.ns.as_deref().unwrap_or(""), &name);
        let current_v = current
            .as_ref()
            .map(|c| crate::api::at_version(&t.info, c).into_owned());
        let result = match ct.as_str() {
            "application/json-patch+json" => {
                let cur = current_v.ok_or_else(|| ApiError::not_found(target))?;
                let ops: json_patch::Patch = serde_json::from_value(body.clone()).map_err(|e| {
                    ApiError::bad_request(format!("the JSON patch is malformed: {e}"))
                })?;
                let mut doc = cur;
                apply_json_patch(&mut doc, ops)?;
                write_patched(s, t, doc, &name, &opts)
            }
            "application/merge-patch+json" => {
                let cur = current_v.ok_or_else(|| ApiError::not_found(target))?;
                if !body.is_object() {
                    return Err(ApiError::bad_request("a merge patch must be a JSON object"));
                }
                write_patched(s, t, ballast_patch::merge_patch(&cur, &body), &name, &opts)
            }
            "application/strategic-merge-patch+json" => {
                let schema = ballast_patch::builtin_schema(&t.info.api_version(), &t.info.kind);
                if t.info.is_custom() || schema.is_none() {
                    return Err(ApiError::unsupported_media(format!(
                        "the body of the request was in an unknown format - accepted media types include: {ACCEPTED}"
                    )));
                }
                let cur = current_v.ok_or_else(|| ApiError::not_found(target))?;
                let merged = ballast_patch::strategic_merge_as(
                    &cur,
                    &body,
                    schema.as_ref(),
                    ballast_patch::Flavor::ApiServer,
                )
                .map_err(|e| {
                    ApiError::bad_request(format!(
                        "the strategic merge patch could not be applied: {e}"
                    ))
                })?;
                write_patched(s, t, merged, &name, &opts)
            }
            "application/apply-patch+yaml" => {
                apply(s, t, &body, current.as_deref(), &name, &opts, force)
            }
            other => Err(ApiError::unsupported_media(format!(
                "the body of the request was in an unknown format ({other}) - accepted media types include: {ACCEPTED}, application/strategic-merge-patch+json"
            ))),
        };
        match result {
            Err(e)
                if e.reason == "Conflict"
                    && !pins_rv
                    && e.details.as_ref().is_none_or(|d| d.get("causes").is_none()) =>
            {
                continue;
            }
            other => return other,
        }
    }
    Err(ApiError::conflict(
        target,
        "the object kept changing while the patch was applied; try again",
    ))
}

fn write_patched(
    s: &Shared,
    t: &Target2,
    doc: Value,
    name: &str,
    opts: &WriteOpts,
) -> ApiResult<Response> {
    Ok(write(s, t, doc, Some(name.to_string()), opts)?.into_response(&t.info))
}

fn apply(
    s: &Shared,
    t: &Target2,
    body: &Value,
    current: Option<&Value>,
    name: &str,
    opts: &WriteOpts,
    force: bool,
) -> ApiResult<Response> {
    let info = &t.info;
    if !body.is_object() {
        return Err(ApiError::bad_request("an apply patch must be an object"));
    }
    let av = body.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    let kind = body.get("kind").and_then(Value::as_str).unwrap_or("");
    if av.is_empty() || kind.is_empty() {
        return Err(ApiError::bad_request(
            "invalid object type: apiVersion and kind must be set in an apply patch",
        ));
    }
    if av != info.api_version() || kind != info.kind {
        return Err(ApiError::bad_request(format!(
            "the apply patch is for {av}, Kind={kind}, but the request is for {}, Kind={}",
            info.api_version(),
            info.kind
        )));
    }
    let body_name = body
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("");
    // An apply patch may leave the name out; the URL names the object.
    if !body_name.is_empty() && body_name != name {
        return Err(ApiError::bad_request(format!(
            "the name of the object ({body_name}) does not match the name on the URL ({name})"
        )));
    }
    // Unknown fields of the applied configuration: rejected, warned or
    // dropped before anyone can own them.
    let mut applied = body.clone();
    if !applied.get("metadata").is_some_and(Value::is_object) {
        applied["metadata"] = json!({});
    }
    applied["metadata"]["name"] = json!(name);
    if let Some(m) = applied.get_mut("metadata").and_then(Value::as_object_mut) {
        m.remove("managedFields");
        m.remove("resourceVersion");
        if info.namespaced && !m.contains_key("namespace") {
            m.insert("namespace".into(), json!(t.ns.clone().unwrap_or_default()));
        }
    }
    let mut warnings = Vec::new();
    if let Some((schema, defs)) = crate::openapi::schema_of(info) {
        let mut probe = applied.clone();
        let outcome = crate::schema::process(&schema, defs, &mut probe, false, None);
        if !outcome.unknown.is_empty() {
            match opts.validation {
                Validation::Strict => {
                    let fields: Vec<String> = outcome
                        .unknown
                        .iter()
                        .map(|u| format!("unknown field \"{u}\""))
                        .collect();
                    return Err(ApiError::bad_request(format!(
                        "strict decoding error: {}",
                        fields.join(", ")
                    )));
                }
                Validation::Warn => warnings.extend(
                    outcome
                        .unknown
                        .iter()
                        .map(|u| format!("unknown field \"{u}\"")),
                ),
                Validation::Ignore => {}
            }
            applied = probe;
        }
    }
    let rv_pin = body.pointer("/metadata/resourceVersion").cloned();
    let merged = crate::managed::apply(
        info,
        current,
        &applied,
        &opts.manager,
        force,
        t.sub.as_deref(),
    )
    .map_err(|conflicts| {
        let n = conflicts.len();
        let mut msg = if n == 1 {
            format!(
                "Apply failed with 1 conflict: conflict with \"{}\" using {}: {}",
                conflicts[0].manager, conflicts[0].api_version, conflicts[0].field
            )
        } else {
            let mut m = format!("Apply failed with {n} conflicts:");
            for c in &conflicts {
                m.push_str(&format!(
                    " conflict with \"{}\" using {}: {}",
                    c.manager, c.api_version, c.field
                ));
                m.push(';');
            }
            m.pop();
            m
        };
        msg = msg.trim().to_string();
        let mut e = ApiError::new(409, "Conflict", msg);
        let mut details = json!({
            "name": name,
            "kind": info.plural,
            "causes": conflicts.iter().map(|c| json!({
                "reason": "FieldManagerConflict",
                "message": format!("conflict with \"{}\" using {}", c.manager, c.api_version),
                "field": c.field,
            })).collect::<Vec<_>>(),
        });
        if !info.group.is_empty() {
            details["group"] = json!(info.group);
        }
        e.details = Some(Box::new(details));
        e
    })?;
    let mut merged = merged;
    match (&rv_pin, current) {
        (Some(rv), Some(_)) => merged["metadata"]["resourceVersion"] = rv.clone(),
        (_, Some(cur)) => {
            merged["metadata"]["resourceVersion"] = cur
                .pointer("/metadata/resourceVersion")
                .cloned()
                .unwrap_or(Value::Null)
        }
        (_, None) => {}
    }
    let mut w = if current.is_some() {
        write(s, t, merged, Some(name.to_string()), opts)?
    } else {
        if rv_pin.is_some() {
            return Err(ApiError::not_found(Target {
                group: &info.group,
                kind: &info.plural,
                name,
            }));
        }
        let create_t = Target2 {
            info: info.clone(),
            ns: t.ns.clone(),
            name: None,
            sub: None,
        };
        write(s, &create_t, merged, None, opts)?
    };
    w.warnings.extend(warnings);
    let _: &Arc<Value> = &w.object;
    Ok(w.into_response(info))
}

/// Applies JSON patch operations one by one. A `test` for `null` passes on a
/// missing path, as in kube-apiserver's JSON patch implementation (kube-rs's
/// finalizer helper relies on it).
fn apply_json_patch(doc: &mut Value, ops: json_patch::Patch) -> ApiResult<()> {
    for op in ops.0 {
        if let json_patch::PatchOperation::Test(t) = &op
            && t.value.is_null()
        {
            match doc.pointer(&t.path.to_string()) {
                None | Some(Value::Null) => continue,
                Some(_) => {
                    return Err(ApiError::new(
                        422,
                        "Invalid",
                        format!(
                            "the JSON patch test at {} failed: the value is not null",
                            t.path
                        ),
                    ));
                }
            }
        }
        json_patch::patch(doc, std::slice::from_ref(&op)).map_err(|e| {
            ApiError::new(
                422,
                "Invalid",
                format!("the JSON patch could not be applied: {e}"),
            )
        })?;
    }
    Ok(())
}

/// PATCH of the `scale` subresource: the patch applies to the `Scale` view,
/// whose `spec.replicas` then goes into the object.
fn patch_scale(
    s: &Shared,
    t: &Target2,
    req: &Req,
    ct: &str,
    body: &Value,
    name: &str,
) -> ApiResult<Response> {
    let target = Target {
        group: &t.info.group,
        kind: &t.info.plural,
        name,
    };
    let cur = s
        .store()
        .get(&t.info.gr(), t.ns.as_deref().unwrap_or(""), name)
        .ok_or_else(|| ApiError::not_found(target))?;
    let mut scale = crate::api::scale_of(&t.info, &cur);
    match ct {
        "application/json-patch+json" => {
            let ops: json_patch::Patch = serde_json::from_value(body.clone())
                .map_err(|e| ApiError::bad_request(format!("the JSON patch is malformed: {e}")))?;
            apply_json_patch(&mut scale, ops)?;
        }
        "application/merge-patch+json" | "application/strategic-merge-patch+json" => {
            scale = ballast_patch::merge_patch(&scale, body)
        }
        other => {
            return Err(ApiError::unsupported_media(format!(
                "the body of the request was in an unknown format ({other}) - accepted media types include: {ACCEPTED}"
            )));
        }
    }
    let replicas = scale
        .pointer("/spec/replicas")
        .and_then(Value::as_i64)
        .ok_or_else(|| ApiError::bad_request("Scale.spec.replicas must be an integer"))?;
    let mut next = crate::api::at_version(&t.info, &cur).into_owned();
    if let Some(sc) = &t.info.scale {
        crate::api::set_path(&mut next, &sc.spec_replicas, json!(replicas));
    }
    let opts = WriteOpts::from_req(req, &crate::api::default_manager(req), "Update")?;
    let main = Target2 {
        info: t.info.clone(),
        ns: t.ns.clone(),
        name: t.name.clone(),
        sub: None,
    };
    let w = write(s, &main, next, Some(name.to_string()), &opts)?;
    Ok(crate::api::json_response(
        axum::http::StatusCode::OK,
        &crate::api::scale_of(&t.info, &w.object),
    ))
}

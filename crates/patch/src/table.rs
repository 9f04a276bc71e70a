//! GENERATED FILE, do not edit by hand.
//!
//! Patch metadata of the built-in Kubernetes types, derived by a throwaway script
//! from the Go struct tags (`patchStrategy`, `patchMergeKey`) and markers
//! (`+listType`, `+listMapKey`, `+mapType`, `+structType`) of:
//! - k8s.io/api at commit 10b39a39bcee995dfe7cd5e8e7b922be5e46f1e2
//! - k8s.io/apimachinery at commit eed236ceee2c19c2753a3d93ac0631dc20750454
//! - k8s.io/apiextensions-apiserver at commit 1aa2717a552ee6ca1e2a18f1f8ffccde981db923
//!
//! The last argument of `f` marks merge strategies that are newer than
//! Kubernetes 1.21.2 (the same repositories at tag v0.21.2), the schema built
//! into kustomize v5, which therefore replaces those lists (34 fields).
//!
//! 641 struct types, 1078 non-scalar fields, 104 kinds. Only non-scalar
//! fields are listed; each Go type appears once and is shared by index.

use crate::schema::ListKind::{Atomic, Map as Keyed, Set, Unset};
use crate::schema::Shape::{List, Map, Object};
use crate::schema::{NO_TYPE, TypeDef, f};

/// Every struct type reachable from [`KINDS`], indexed by position.
pub(crate) static TYPES: &[TypeDef] = &[
    // 0
    TypeDef {
        name: "core/v1.Binding",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("target", Object, 4, "", "", Unset, &[], false, false),
        ],
    },
    // 1
    TypeDef {
        name: "meta/v1.ObjectMeta",
        atomic: false,
        fields: &[
            f("annotations", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("finalizers", List, NO_TYPE, "merge", "", Set, &[], false, false),
            f("labels", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("managedFields", List, 3, "", "", Atomic, &[], false, false),
            f("ownerReferences", List, 2, "merge", "uid", Keyed, &["uid"], false, false),
        ],
    },
    // 2
    TypeDef {
        name: "meta/v1.OwnerReference",
        atomic: true,
        fields: &[],
    },
    // 3
    TypeDef {
        name: "meta/v1.ManagedFieldsEntry",
        atomic: false,
        fields: &[
            f("fieldsV1", Object, NO_TYPE, "", "", Unset, &[], false, false),
        ],
    },
    // 4
    TypeDef {
        name: "core/v1.ObjectReference",
        atomic: true,
        fields: &[],
    },
    // 5
    TypeDef {
        name: "core/v1.ComponentStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 6, "merge", "type", Keyed, &["type"], false, false),
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
        ],
    },
    // 6
    TypeDef {
        name: "core/v1.ComponentCondition",
        atomic: false,
        fields: &[],
    },
    // 7
    TypeDef {
        name: "core/v1.ConfigMap",
        atomic: false,
        fields: &[
            f("binaryData", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("data", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
        ],
    },
    // 8
    TypeDef {
        name: "core/v1.Endpoints",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("subsets", List, 9, "", "", Atomic, &[], false, false),
        ],
    },
    // 9
    TypeDef {
        name: "core/v1.EndpointSubset",
        atomic: false,
        fields: &[
            f("addresses", List, 10, "", "", Atomic, &[], false, false),
            f("notReadyAddresses", List, 10, "", "", Atomic, &[], false, false),
            f("ports", List, 11, "", "", Atomic, &[], false, false),
        ],
    },
    // 10
    TypeDef {
        name: "core/v1.EndpointAddress",
        atomic: true,
        fields: &[
            f("targetRef", Object, 4, "", "", Unset, &[], false, false),
        ],
    },
    // 11
    TypeDef {
        name: "core/v1.EndpointPort",
        atomic: true,
        fields: &[],
    },
    // 12
    TypeDef {
        name: "core/v1.Event",
        atomic: false,
        fields: &[
            f("involvedObject", Object, 4, "", "", Unset, &[], false, false),
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("related", Object, 4, "", "", Unset, &[], false, false),
            f("series", Object, 14, "", "", Unset, &[], false, false),
            f("source", Object, 13, "", "", Unset, &[], false, false),
        ],
    },
    // 13
    TypeDef {
        name: "core/v1.EventSource",
        atomic: false,
        fields: &[],
    },
    // 14
    TypeDef {
        name: "core/v1.EventSeries",
        atomic: false,
        fields: &[],
    },
    // 15
    TypeDef {
        name: "core/v1.LimitRange",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 16, "", "", Unset, &[], false, false),
        ],
    },
    // 16
    TypeDef {
        name: "core/v1.LimitRangeSpec",
        atomic: false,
        fields: &[
            f("limits", List, 17, "", "", Atomic, &[], false, false),
        ],
    },
    // 17
    TypeDef {
        name: "core/v1.LimitRangeItem",
        atomic: false,
        fields: &[
            f("default", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("defaultRequest", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("max", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("maxLimitRequestRatio", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("min", Map, NO_TYPE, "", "", Unset, &[], false, false),
        ],
    },
    // 18
    TypeDef {
        name: "core/v1.Namespace",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 19, "", "", Unset, &[], false, false),
            f("status", Object, 20, "", "", Unset, &[], false, false),
        ],
    },
    // 19
    TypeDef {
        name: "core/v1.NamespaceSpec",
        atomic: false,
        fields: &[
            f("finalizers", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 20
    TypeDef {
        name: "core/v1.NamespaceStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 21, "merge", "type", Keyed, &["type"], false, false),
        ],
    },
    // 21
    TypeDef {
        name: "core/v1.NamespaceCondition",
        atomic: false,
        fields: &[],
    },
    // 22
    TypeDef {
        name: "core/v1.Node",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 23, "", "", Unset, &[], false, false),
            f("status", Object, 28, "", "", Unset, &[], false, false),
        ],
    },
    // 23
    TypeDef {
        name: "core/v1.NodeSpec",
        atomic: false,
        fields: &[
            f("configSource", Object, 25, "", "", Unset, &[], false, false),
            f("podCIDRs", List, NO_TYPE, "merge", "", Set, &[], false, false),
            f("podPreemptionPolicy", Object, 27, "", "", Unset, &[], false, false),
            f("taints", List, 24, "", "", Atomic, &[], false, false),
        ],
    },
    // 24
    TypeDef {
        name: "core/v1.Taint",
        atomic: false,
        fields: &[],
    },
    // 25
    TypeDef {
        name: "core/v1.NodeConfigSource",
        atomic: false,
        fields: &[
            f("configMap", Object, 26, "", "", Unset, &[], false, false),
        ],
    },
    // 26
    TypeDef {
        name: "core/v1.ConfigMapNodeConfigSource",
        atomic: false,
        fields: &[],
    },
    // 27
    TypeDef {
        name: "core/v1.NodePodPreemptionPolicy",
        atomic: false,
        fields: &[
            f("disableResizePreemption", List, NO_TYPE, "", "", Set, &[], false, false),
        ],
    },
    // 28
    TypeDef {
        name: "core/v1.NodeStatus",
        atomic: false,
        fields: &[
            f("addresses", List, 30, "merge", "type", Keyed, &["type"], false, false),
            f("allocatable", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("capacity", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("conditions", List, 29, "merge", "type", Keyed, &["type"], false, false),
            f("config", Object, 37, "", "", Unset, &[], false, false),
            f("daemonEndpoints", Object, 31, "", "", Unset, &[], false, false),
            f("declaredFeatures", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("features", Object, 40, "", "", Unset, &[], false, false),
            f("images", List, 35, "", "", Atomic, &[], false, false),
            f("nodeInfo", Object, 33, "", "", Unset, &[], false, false),
            f("runtimeHandlers", List, 38, "", "", Atomic, &[], false, false),
            f("volumesAttached", List, 36, "", "", Atomic, &[], false, false),
            f("volumesInUse", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 29
    TypeDef {
        name: "core/v1.NodeCondition",
        atomic: false,
        fields: &[],
    },
    // 30
    TypeDef {
        name: "core/v1.NodeAddress",
        atomic: false,
        fields: &[],
    },
    // 31
    TypeDef {
        name: "core/v1.NodeDaemonEndpoints",
        atomic: false,
        fields: &[
            f("kubeletEndpoint", Object, 32, "", "", Unset, &[], false, false),
        ],
    },
    // 32
    TypeDef {
        name: "core/v1.DaemonEndpoint",
        atomic: false,
        fields: &[],
    },
    // 33
    TypeDef {
        name: "core/v1.NodeSystemInfo",
        atomic: false,
        fields: &[
            f("swap", Object, 34, "", "", Unset, &[], false, false),
        ],
    },
    // 34
    TypeDef {
        name: "core/v1.NodeSwapStatus",
        atomic: false,
        fields: &[],
    },
    // 35
    TypeDef {
        name: "core/v1.ContainerImage",
        atomic: false,
        fields: &[
            f("names", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 36
    TypeDef {
        name: "core/v1.AttachedVolume",
        atomic: false,
        fields: &[],
    },
    // 37
    TypeDef {
        name: "core/v1.NodeConfigStatus",
        atomic: false,
        fields: &[
            f("active", Object, 25, "", "", Unset, &[], false, false),
            f("assigned", Object, 25, "", "", Unset, &[], false, false),
            f("lastKnownGood", Object, 25, "", "", Unset, &[], false, false),
        ],
    },
    // 38
    TypeDef {
        name: "core/v1.NodeRuntimeHandler",
        atomic: false,
        fields: &[
            f("features", Object, 39, "", "", Unset, &[], false, false),
        ],
    },
    // 39
    TypeDef {
        name: "core/v1.NodeRuntimeHandlerFeatures",
        atomic: false,
        fields: &[],
    },
    // 40
    TypeDef {
        name: "core/v1.NodeFeatures",
        atomic: false,
        fields: &[],
    },
    // 41
    TypeDef {
        name: "core/v1.PersistentVolume",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 42, "", "", Unset, &[], false, false),
            f("status", Object, 70, "", "", Unset, &[], false, false),
        ],
    },
    // 42
    TypeDef {
        name: "core/v1.PersistentVolumeSpec",
        atomic: false,
        fields: &[
            f("accessModes", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("awsElasticBlockStore", Object, 44, "", "", Unset, &[], false, false),
            f("azureDisk", Object, 59, "", "", Unset, &[], false, false),
            f("azureFile", Object, 56, "", "", Unset, &[], false, false),
            f("capacity", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("cephfs", Object, 52, "", "", Unset, &[], false, false),
            f("cinder", Object, 51, "", "", Unset, &[], false, false),
            f("claimRef", Object, 4, "", "", Unset, &[], false, false),
            f("csi", Object, 65, "", "", Unset, &[], false, false),
            f("fc", Object, 53, "", "", Unset, &[], false, false),
            f("flexVolume", Object, 55, "", "", Unset, &[], false, false),
            f("flocker", Object, 54, "", "", Unset, &[], false, false),
            f("gcePersistentDisk", Object, 43, "", "", Unset, &[], false, false),
            f("glusterfs", Object, 46, "", "", Unset, &[], false, false),
            f("hostPath", Object, 45, "", "", Unset, &[], false, false),
            f("iscsi", Object, 50, "", "", Unset, &[], false, false),
            f("local", Object, 63, "", "", Unset, &[], false, false),
            f("mountOptions", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("nfs", Object, 47, "", "", Unset, &[], false, false),
            f("nodeAffinity", Object, 66, "", "", Unset, &[], false, false),
            f("photonPersistentDisk", Object, 60, "", "", Unset, &[], false, false),
            f("portworxVolume", Object, 61, "", "", Unset, &[], false, false),
            f("quobyte", Object, 58, "", "", Unset, &[], false, false),
            f("rbd", Object, 48, "", "", Unset, &[], false, false),
            f("scaleIO", Object, 62, "", "", Unset, &[], false, false),
            f("storageos", Object, 64, "", "", Unset, &[], false, false),
            f("vsphereVolume", Object, 57, "", "", Unset, &[], false, false),
        ],
    },
    // 43
    TypeDef {
        name: "core/v1.GCEPersistentDiskVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 44
    TypeDef {
        name: "core/v1.AWSElasticBlockStoreVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 45
    TypeDef {
        name: "core/v1.HostPathVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 46
    TypeDef {
        name: "core/v1.GlusterfsPersistentVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 47
    TypeDef {
        name: "core/v1.NFSVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 48
    TypeDef {
        name: "core/v1.RBDPersistentVolumeSource",
        atomic: false,
        fields: &[
            f("monitors", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("secretRef", Object, 49, "", "", Unset, &[], false, false),
        ],
    },
    // 49
    TypeDef {
        name: "core/v1.SecretReference",
        atomic: true,
        fields: &[],
    },
    // 50
    TypeDef {
        name: "core/v1.ISCSIPersistentVolumeSource",
        atomic: false,
        fields: &[
            f("portals", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("secretRef", Object, 49, "", "", Unset, &[], false, false),
        ],
    },
    // 51
    TypeDef {
        name: "core/v1.CinderPersistentVolumeSource",
        atomic: false,
        fields: &[
            f("secretRef", Object, 49, "", "", Unset, &[], false, false),
        ],
    },
    // 52
    TypeDef {
        name: "core/v1.CephFSPersistentVolumeSource",
        atomic: false,
        fields: &[
            f("monitors", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("secretRef", Object, 49, "", "", Unset, &[], false, false),
        ],
    },
    // 53
    TypeDef {
        name: "core/v1.FCVolumeSource",
        atomic: false,
        fields: &[
            f("targetWWNs", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("wwids", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 54
    TypeDef {
        name: "core/v1.FlockerVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 55
    TypeDef {
        name: "core/v1.FlexPersistentVolumeSource",
        atomic: false,
        fields: &[
            f("options", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("secretRef", Object, 49, "", "", Unset, &[], false, false),
        ],
    },
    // 56
    TypeDef {
        name: "core/v1.AzureFilePersistentVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 57
    TypeDef {
        name: "core/v1.VsphereVirtualDiskVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 58
    TypeDef {
        name: "core/v1.QuobyteVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 59
    TypeDef {
        name: "core/v1.AzureDiskVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 60
    TypeDef {
        name: "core/v1.PhotonPersistentDiskVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 61
    TypeDef {
        name: "core/v1.PortworxVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 62
    TypeDef {
        name: "core/v1.ScaleIOPersistentVolumeSource",
        atomic: false,
        fields: &[
            f("secretRef", Object, 49, "", "", Unset, &[], false, false),
        ],
    },
    // 63
    TypeDef {
        name: "core/v1.LocalVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 64
    TypeDef {
        name: "core/v1.StorageOSPersistentVolumeSource",
        atomic: false,
        fields: &[
            f("secretRef", Object, 4, "", "", Unset, &[], false, false),
        ],
    },
    // 65
    TypeDef {
        name: "core/v1.CSIPersistentVolumeSource",
        atomic: false,
        fields: &[
            f("controllerExpandSecretRef", Object, 49, "", "", Unset, &[], false, false),
            f("controllerPublishSecretRef", Object, 49, "", "", Unset, &[], false, false),
            f("nodeExpandSecretRef", Object, 49, "", "", Unset, &[], false, false),
            f("nodePublishSecretRef", Object, 49, "", "", Unset, &[], false, false),
            f("nodeStageSecretRef", Object, 49, "", "", Unset, &[], false, false),
            f("volumeAttributes", Map, NO_TYPE, "", "", Unset, &[], false, false),
        ],
    },
    // 66
    TypeDef {
        name: "core/v1.VolumeNodeAffinity",
        atomic: false,
        fields: &[
            f("required", Object, 67, "", "", Unset, &[], false, false),
        ],
    },
    // 67
    TypeDef {
        name: "core/v1.NodeSelector",
        atomic: true,
        fields: &[
            f("nodeSelectorTerms", List, 68, "", "", Atomic, &[], false, false),
        ],
    },
    // 68
    TypeDef {
        name: "core/v1.NodeSelectorTerm",
        atomic: true,
        fields: &[
            f("matchExpressions", List, 69, "", "", Atomic, &[], false, false),
            f("matchFields", List, 69, "", "", Atomic, &[], false, false),
        ],
    },
    // 69
    TypeDef {
        name: "core/v1.NodeSelectorRequirement",
        atomic: false,
        fields: &[
            f("values", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 70
    TypeDef {
        name: "core/v1.PersistentVolumeStatus",
        atomic: false,
        fields: &[],
    },
    // 71
    TypeDef {
        name: "core/v1.PersistentVolumeClaim",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 72, "", "", Unset, &[], false, false),
            f("status", Object, 78, "", "", Unset, &[], false, false),
        ],
    },
    // 72
    TypeDef {
        name: "core/v1.PersistentVolumeClaimSpec",
        atomic: false,
        fields: &[
            f("accessModes", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("dataSource", Object, 76, "", "", Unset, &[], false, false),
            f("dataSourceRef", Object, 77, "", "", Unset, &[], false, false),
            f("resources", Object, 75, "", "", Unset, &[], false, false),
            f("selector", Object, 73, "", "", Unset, &[], false, false),
        ],
    },
    // 73
    TypeDef {
        name: "meta/v1.LabelSelector",
        atomic: true,
        fields: &[
            f("matchExpressions", List, 74, "", "", Atomic, &[], false, false),
            f("matchLabels", Map, NO_TYPE, "", "", Unset, &[], false, false),
        ],
    },
    // 74
    TypeDef {
        name: "meta/v1.LabelSelectorRequirement",
        atomic: false,
        fields: &[
            f("values", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 75
    TypeDef {
        name: "core/v1.VolumeResourceRequirements",
        atomic: false,
        fields: &[
            f("limits", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("requests", Map, NO_TYPE, "", "", Unset, &[], false, false),
        ],
    },
    // 76
    TypeDef {
        name: "core/v1.TypedLocalObjectReference",
        atomic: true,
        fields: &[],
    },
    // 77
    TypeDef {
        name: "core/v1.TypedObjectReference",
        atomic: false,
        fields: &[],
    },
    // 78
    TypeDef {
        name: "core/v1.PersistentVolumeClaimStatus",
        atomic: false,
        fields: &[
            f("accessModes", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("allocatedResourceStatuses", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("allocatedResources", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("capacity", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("conditions", List, 79, "merge", "type", Keyed, &["type"], false, false),
            f("healthStatus", Object, 81, "", "", Unset, &[], false, false),
            f("modifyVolumeStatus", Object, 80, "", "", Unset, &[], false, false),
        ],
    },
    // 79
    TypeDef {
        name: "core/v1.PersistentVolumeClaimCondition",
        atomic: false,
        fields: &[],
    },
    // 80
    TypeDef {
        name: "core/v1.ModifyVolumeStatus",
        atomic: false,
        fields: &[],
    },
    // 81
    TypeDef {
        name: "core/v1.VolumeHealthStatus",
        atomic: false,
        fields: &[
            f("healthConditions", List, 82, "merge", "status", Keyed, &["status", "reason"], false, true),
        ],
    },
    // 82
    TypeDef {
        name: "core/v1.VolumeHealthCondition",
        atomic: false,
        fields: &[],
    },
    // 83
    TypeDef {
        name: "core/v1.Pod",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 84, "", "", Unset, &[], false, false),
            f("status", Object, 171, "", "", Unset, &[], false, false),
        ],
    },
    // 84
    TypeDef {
        name: "core/v1.PodSpec",
        atomic: false,
        fields: &[
            f("affinity", Object, 153, "", "", Unset, &[], false, false),
            f("containers", List, 118, "merge", "name", Keyed, &["name"], false, false),
            f("dnsConfig", Object, 162, "", "", Unset, &[], false, false),
            f("ephemeralContainers", List, 150, "merge", "name", Keyed, &["name"], false, false),
            f("evictionResponders", List, 170, "merge", "name", Keyed, &["name"], false, true),
            f("hostAliases", List, 161, "merge", "ip", Keyed, &["ip"], false, false),
            f("imagePullSecrets", List, 91, "merge", "name", Keyed, &["name"], false, false),
            f("initContainers", List, 118, "merge", "name", Keyed, &["name"], false, false),
            f("nodeSelector", Map, NO_TYPE, "", "", Unset, &[], true, false),
            f("os", Object, 166, "", "", Unset, &[], false, false),
            f("overhead", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("readinessGates", List, 164, "", "", Atomic, &[], false, false),
            f("resourceClaims", List, 168, "merge,retainKeys", "name", Keyed, &["name"], false, true),
            f("resources", Object, 128, "", "", Unset, &[], false, false),
            f("schedulingGates", List, 167, "merge", "name", Keyed, &["name"], false, true),
            f("schedulingGroup", Object, 169, "", "", Unset, &[], false, false),
            f("securityContext", Object, 151, "", "", Unset, &[], false, false),
            f("tolerations", List, 160, "", "", Atomic, &[], false, false),
            f("topologySpreadConstraints", List, 165, "merge", "topologyKey", Keyed, &["topologyKey", "whenUnsatisfiable"], false, false),
            f("volumes", List, 85, "merge,retainKeys", "name", Keyed, &["name"], false, false),
        ],
    },
    // 85
    TypeDef {
        name: "core/v1.Volume",
        atomic: false,
        fields: &[
            f("awsElasticBlockStore", Object, 44, "", "", Unset, &[], false, false),
            f("azureDisk", Object, 59, "", "", Unset, &[], false, false),
            f("azureFile", Object, 102, "", "", Unset, &[], false, false),
            f("cephfs", Object, 97, "", "", Unset, &[], false, false),
            f("cinder", Object, 96, "", "", Unset, &[], false, false),
            f("configMap", Object, 103, "", "", Unset, &[], false, false),
            f("csi", Object, 114, "", "", Unset, &[], false, false),
            f("downwardAPI", Object, 98, "", "", Unset, &[], false, false),
            f("emptyDir", Object, 86, "", "", Unset, &[], false, false),
            f("ephemeral", Object, 115, "", "", Unset, &[], false, false),
            f("fc", Object, 53, "", "", Unset, &[], false, false),
            f("flexVolume", Object, 95, "", "", Unset, &[], false, false),
            f("flocker", Object, 54, "", "", Unset, &[], false, false),
            f("gcePersistentDisk", Object, 43, "", "", Unset, &[], false, false),
            f("gitRepo", Object, 87, "", "", Unset, &[], false, false),
            f("glusterfs", Object, 92, "", "", Unset, &[], false, false),
            f("hostPath", Object, 45, "", "", Unset, &[], false, false),
            f("image", Object, 117, "", "", Unset, &[], false, false),
            f("iscsi", Object, 90, "", "", Unset, &[], false, false),
            f("nfs", Object, 47, "", "", Unset, &[], false, false),
            f("persistentVolumeClaim", Object, 93, "", "", Unset, &[], false, false),
            f("photonPersistentDisk", Object, 60, "", "", Unset, &[], false, false),
            f("portworxVolume", Object, 61, "", "", Unset, &[], false, false),
            f("projected", Object, 104, "", "", Unset, &[], false, false),
            f("quobyte", Object, 58, "", "", Unset, &[], false, false),
            f("rbd", Object, 94, "", "", Unset, &[], false, false),
            f("scaleIO", Object, 112, "", "", Unset, &[], false, false),
            f("secret", Object, 88, "", "", Unset, &[], false, false),
            f("storageos", Object, 113, "", "", Unset, &[], false, false),
            f("vsphereVolume", Object, 57, "", "", Unset, &[], false, false),
        ],
    },
    // 86
    TypeDef {
        name: "core/v1.EmptyDirVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 87
    TypeDef {
        name: "core/v1.GitRepoVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 88
    TypeDef {
        name: "core/v1.SecretVolumeSource",
        atomic: false,
        fields: &[
            f("items", List, 89, "", "", Atomic, &[], false, false),
        ],
    },
    // 89
    TypeDef {
        name: "core/v1.KeyToPath",
        atomic: false,
        fields: &[],
    },
    // 90
    TypeDef {
        name: "core/v1.ISCSIVolumeSource",
        atomic: false,
        fields: &[
            f("portals", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("secretRef", Object, 91, "", "", Unset, &[], false, false),
        ],
    },
    // 91
    TypeDef {
        name: "core/v1.LocalObjectReference",
        atomic: true,
        fields: &[],
    },
    // 92
    TypeDef {
        name: "core/v1.GlusterfsVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 93
    TypeDef {
        name: "core/v1.PersistentVolumeClaimVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 94
    TypeDef {
        name: "core/v1.RBDVolumeSource",
        atomic: false,
        fields: &[
            f("monitors", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("secretRef", Object, 91, "", "", Unset, &[], false, false),
        ],
    },
    // 95
    TypeDef {
        name: "core/v1.FlexVolumeSource",
        atomic: false,
        fields: &[
            f("options", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("secretRef", Object, 91, "", "", Unset, &[], false, false),
        ],
    },
    // 96
    TypeDef {
        name: "core/v1.CinderVolumeSource",
        atomic: false,
        fields: &[
            f("secretRef", Object, 91, "", "", Unset, &[], false, false),
        ],
    },
    // 97
    TypeDef {
        name: "core/v1.CephFSVolumeSource",
        atomic: false,
        fields: &[
            f("monitors", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("secretRef", Object, 91, "", "", Unset, &[], false, false),
        ],
    },
    // 98
    TypeDef {
        name: "core/v1.DownwardAPIVolumeSource",
        atomic: false,
        fields: &[
            f("items", List, 99, "", "", Atomic, &[], false, false),
        ],
    },
    // 99
    TypeDef {
        name: "core/v1.DownwardAPIVolumeFile",
        atomic: false,
        fields: &[
            f("fieldRef", Object, 100, "", "", Unset, &[], false, false),
            f("resourceFieldRef", Object, 101, "", "", Unset, &[], false, false),
        ],
    },
    // 100
    TypeDef {
        name: "core/v1.ObjectFieldSelector",
        atomic: true,
        fields: &[],
    },
    // 101
    TypeDef {
        name: "core/v1.ResourceFieldSelector",
        atomic: true,
        fields: &[],
    },
    // 102
    TypeDef {
        name: "core/v1.AzureFileVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 103
    TypeDef {
        name: "core/v1.ConfigMapVolumeSource",
        atomic: false,
        fields: &[
            f("items", List, 89, "", "", Atomic, &[], false, false),
        ],
    },
    // 104
    TypeDef {
        name: "core/v1.ProjectedVolumeSource",
        atomic: false,
        fields: &[
            f("sources", List, 105, "", "", Atomic, &[], false, false),
        ],
    },
    // 105
    TypeDef {
        name: "core/v1.VolumeProjection",
        atomic: false,
        fields: &[
            f("clusterTrustBundle", Object, 110, "", "", Unset, &[], false, false),
            f("configMap", Object, 108, "", "", Unset, &[], false, false),
            f("downwardAPI", Object, 107, "", "", Unset, &[], false, false),
            f("podCertificate", Object, 111, "", "", Unset, &[], false, false),
            f("secret", Object, 106, "", "", Unset, &[], false, false),
            f("serviceAccountToken", Object, 109, "", "", Unset, &[], false, false),
        ],
    },
    // 106
    TypeDef {
        name: "core/v1.SecretProjection",
        atomic: false,
        fields: &[
            f("items", List, 89, "", "", Atomic, &[], false, false),
        ],
    },
    // 107
    TypeDef {
        name: "core/v1.DownwardAPIProjection",
        atomic: false,
        fields: &[
            f("items", List, 99, "", "", Atomic, &[], false, false),
        ],
    },
    // 108
    TypeDef {
        name: "core/v1.ConfigMapProjection",
        atomic: false,
        fields: &[
            f("items", List, 89, "", "", Atomic, &[], false, false),
        ],
    },
    // 109
    TypeDef {
        name: "core/v1.ServiceAccountTokenProjection",
        atomic: false,
        fields: &[],
    },
    // 110
    TypeDef {
        name: "core/v1.ClusterTrustBundleProjection",
        atomic: false,
        fields: &[
            f("labelSelector", Object, 73, "", "", Unset, &[], false, false),
        ],
    },
    // 111
    TypeDef {
        name: "core/v1.PodCertificateProjection",
        atomic: false,
        fields: &[
            f("userAnnotations", Map, NO_TYPE, "", "", Unset, &[], false, false),
        ],
    },
    // 112
    TypeDef {
        name: "core/v1.ScaleIOVolumeSource",
        atomic: false,
        fields: &[
            f("secretRef", Object, 91, "", "", Unset, &[], false, false),
        ],
    },
    // 113
    TypeDef {
        name: "core/v1.StorageOSVolumeSource",
        atomic: false,
        fields: &[
            f("secretRef", Object, 91, "", "", Unset, &[], false, false),
        ],
    },
    // 114
    TypeDef {
        name: "core/v1.CSIVolumeSource",
        atomic: false,
        fields: &[
            f("nodePublishSecretRef", Object, 91, "", "", Unset, &[], false, false),
            f("volumeAttributes", Map, NO_TYPE, "", "", Unset, &[], false, false),
        ],
    },
    // 115
    TypeDef {
        name: "core/v1.EphemeralVolumeSource",
        atomic: false,
        fields: &[
            f("volumeClaimTemplate", Object, 116, "", "", Unset, &[], false, false),
        ],
    },
    // 116
    TypeDef {
        name: "core/v1.PersistentVolumeClaimTemplate",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 72, "", "", Unset, &[], false, false),
        ],
    },
    // 117
    TypeDef {
        name: "core/v1.ImageVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 118
    TypeDef {
        name: "core/v1.Container",
        atomic: false,
        fields: &[
            f("args", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("command", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("env", List, 123, "merge", "name", Keyed, &["name"], false, false),
            f("envFrom", List, 120, "", "", Atomic, &[], false, false),
            f("lifecycle", Object, 141, "", "", Unset, &[], false, false),
            f("livenessProbe", Object, 135, "", "", Unset, &[], false, false),
            f("ports", List, 119, "merge", "containerPort", Keyed, &["containerPort", "protocol"], false, false),
            f("readinessProbe", Object, 135, "", "", Unset, &[], false, false),
            f("resizePolicy", List, 130, "", "", Atomic, &[], false, false),
            f("resources", Object, 128, "", "", Unset, &[], false, false),
            f("restartPolicyRules", List, 131, "", "", Atomic, &[], false, false),
            f("securityContext", Object, 144, "", "", Unset, &[], false, false),
            f("startupProbe", Object, 135, "", "", Unset, &[], false, false),
            f("volumeDevices", List, 134, "merge", "devicePath", Keyed, &["devicePath"], false, false),
            f("volumeMounts", List, 133, "merge", "mountPath", Keyed, &["mountPath"], false, false),
        ],
    },
    // 119
    TypeDef {
        name: "core/v1.ContainerPort",
        atomic: false,
        fields: &[],
    },
    // 120
    TypeDef {
        name: "core/v1.EnvFromSource",
        atomic: false,
        fields: &[
            f("configMapRef", Object, 121, "", "", Unset, &[], false, false),
            f("secretRef", Object, 122, "", "", Unset, &[], false, false),
        ],
    },
    // 121
    TypeDef {
        name: "core/v1.ConfigMapEnvSource",
        atomic: false,
        fields: &[],
    },
    // 122
    TypeDef {
        name: "core/v1.SecretEnvSource",
        atomic: false,
        fields: &[],
    },
    // 123
    TypeDef {
        name: "core/v1.EnvVar",
        atomic: false,
        fields: &[
            f("valueFrom", Object, 124, "", "", Unset, &[], false, false),
        ],
    },
    // 124
    TypeDef {
        name: "core/v1.EnvVarSource",
        atomic: false,
        fields: &[
            f("configMapKeyRef", Object, 125, "", "", Unset, &[], false, false),
            f("fieldRef", Object, 100, "", "", Unset, &[], false, false),
            f("fileKeyRef", Object, 127, "", "", Unset, &[], false, false),
            f("resourceFieldRef", Object, 101, "", "", Unset, &[], false, false),
            f("secretKeyRef", Object, 126, "", "", Unset, &[], false, false),
        ],
    },
    // 125
    TypeDef {
        name: "core/v1.ConfigMapKeySelector",
        atomic: true,
        fields: &[],
    },
    // 126
    TypeDef {
        name: "core/v1.SecretKeySelector",
        atomic: true,
        fields: &[],
    },
    // 127
    TypeDef {
        name: "core/v1.FileKeySelector",
        atomic: true,
        fields: &[],
    },
    // 128
    TypeDef {
        name: "core/v1.ResourceRequirements",
        atomic: false,
        fields: &[
            f("claims", List, 129, "", "", Keyed, &["name"], false, false),
            f("limits", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("requests", Map, NO_TYPE, "", "", Unset, &[], false, false),
        ],
    },
    // 129
    TypeDef {
        name: "core/v1.ResourceClaim",
        atomic: false,
        fields: &[],
    },
    // 130
    TypeDef {
        name: "core/v1.ContainerResizePolicy",
        atomic: false,
        fields: &[],
    },
    // 131
    TypeDef {
        name: "core/v1.ContainerRestartRule",
        atomic: false,
        fields: &[
            f("exitCodes", Object, 132, "", "", Unset, &[], false, false),
        ],
    },
    // 132
    TypeDef {
        name: "core/v1.ContainerRestartRuleOnExitCodes",
        atomic: false,
        fields: &[
            f("values", List, NO_TYPE, "", "", Set, &[], false, false),
        ],
    },
    // 133
    TypeDef {
        name: "core/v1.VolumeMount",
        atomic: false,
        fields: &[
            f("bindMountOptions", List, NO_TYPE, "", "", Set, &[], false, false),
        ],
    },
    // 134
    TypeDef {
        name: "core/v1.VolumeDevice",
        atomic: false,
        fields: &[],
    },
    // 135
    TypeDef {
        name: "core/v1.Probe",
        atomic: false,
        fields: &[
            f("exec", Object, 136, "", "", Unset, &[], false, false),
            f("grpc", Object, 140, "", "", Unset, &[], false, false),
            f("httpGet", Object, 137, "", "", Unset, &[], false, false),
            f("tcpSocket", Object, 139, "", "", Unset, &[], false, false),
        ],
    },
    // 136
    TypeDef {
        name: "core/v1.ExecAction",
        atomic: false,
        fields: &[
            f("command", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 137
    TypeDef {
        name: "core/v1.HTTPGetAction",
        atomic: false,
        fields: &[
            f("httpHeaders", List, 138, "", "", Atomic, &[], false, false),
        ],
    },
    // 138
    TypeDef {
        name: "core/v1.HTTPHeader",
        atomic: false,
        fields: &[],
    },
    // 139
    TypeDef {
        name: "core/v1.TCPSocketAction",
        atomic: false,
        fields: &[],
    },
    // 140
    TypeDef {
        name: "core/v1.GRPCAction",
        atomic: false,
        fields: &[],
    },
    // 141
    TypeDef {
        name: "core/v1.Lifecycle",
        atomic: false,
        fields: &[
            f("postStart", Object, 142, "", "", Unset, &[], false, false),
            f("preStop", Object, 142, "", "", Unset, &[], false, false),
        ],
    },
    // 142
    TypeDef {
        name: "core/v1.LifecycleHandler",
        atomic: false,
        fields: &[
            f("exec", Object, 136, "", "", Unset, &[], false, false),
            f("httpGet", Object, 137, "", "", Unset, &[], false, false),
            f("sleep", Object, 143, "", "", Unset, &[], false, false),
            f("tcpSocket", Object, 139, "", "", Unset, &[], false, false),
        ],
    },
    // 143
    TypeDef {
        name: "core/v1.SleepAction",
        atomic: false,
        fields: &[],
    },
    // 144
    TypeDef {
        name: "core/v1.SecurityContext",
        atomic: false,
        fields: &[
            f("appArmorProfile", Object, 149, "", "", Unset, &[], false, false),
            f("capabilities", Object, 145, "", "", Unset, &[], false, false),
            f("seLinuxOptions", Object, 146, "", "", Unset, &[], false, false),
            f("seccompProfile", Object, 148, "", "", Unset, &[], false, false),
            f("windowsOptions", Object, 147, "", "", Unset, &[], false, false),
        ],
    },
    // 145
    TypeDef {
        name: "core/v1.Capabilities",
        atomic: false,
        fields: &[
            f("add", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("drop", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 146
    TypeDef {
        name: "core/v1.SELinuxOptions",
        atomic: false,
        fields: &[],
    },
    // 147
    TypeDef {
        name: "core/v1.WindowsSecurityContextOptions",
        atomic: false,
        fields: &[],
    },
    // 148
    TypeDef {
        name: "core/v1.SeccompProfile",
        atomic: false,
        fields: &[],
    },
    // 149
    TypeDef {
        name: "core/v1.AppArmorProfile",
        atomic: false,
        fields: &[],
    },
    // 150
    TypeDef {
        name: "core/v1.EphemeralContainer",
        atomic: false,
        fields: &[
            f("args", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("command", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("env", List, 123, "merge", "name", Keyed, &["name"], false, false),
            f("envFrom", List, 120, "", "", Atomic, &[], false, false),
            f("lifecycle", Object, 141, "", "", Unset, &[], false, false),
            f("livenessProbe", Object, 135, "", "", Unset, &[], false, false),
            f("ports", List, 119, "merge", "containerPort", Keyed, &["containerPort", "protocol"], false, true),
            f("readinessProbe", Object, 135, "", "", Unset, &[], false, false),
            f("resizePolicy", List, 130, "", "", Atomic, &[], false, false),
            f("resources", Object, 128, "", "", Unset, &[], false, false),
            f("restartPolicyRules", List, 131, "", "", Atomic, &[], false, false),
            f("securityContext", Object, 144, "", "", Unset, &[], false, false),
            f("startupProbe", Object, 135, "", "", Unset, &[], false, false),
            f("volumeDevices", List, 134, "merge", "devicePath", Keyed, &["devicePath"], false, false),
            f("volumeMounts", List, 133, "merge", "mountPath", Keyed, &["mountPath"], false, false),
        ],
    },
    // 151
    TypeDef {
        name: "core/v1.PodSecurityContext",
        atomic: false,
        fields: &[
            f("appArmorProfile", Object, 149, "", "", Unset, &[], false, false),
            f("seLinuxOptions", Object, 146, "", "", Unset, &[], false, false),
            f("seccompProfile", Object, 148, "", "", Unset, &[], false, false),
            f("supplementalGroups", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("sysctls", List, 152, "", "", Atomic, &[], false, false),
            f("windowsOptions", Object, 147, "", "", Unset, &[], false, false),
        ],
    },
    // 152
    TypeDef {
        name: "core/v1.Sysctl",
        atomic: false,
        fields: &[],
    },
    // 153
    TypeDef {
        name: "core/v1.Affinity",
        atomic: false,
        fields: &[
            f("nodeAffinity", Object, 154, "", "", Unset, &[], false, false),
            f("podAffinity", Object, 156, "", "", Unset, &[], false, false),
            f("podAntiAffinity", Object, 159, "", "", Unset, &[], false, false),
        ],
    },
    // 154
    TypeDef {
        name: "core/v1.NodeAffinity",
        atomic: false,
        fields: &[
            f("preferredDuringSchedulingIgnoredDuringExecution", List, 155, "", "", Atomic, &[], false, false),
            f("requiredDuringSchedulingIgnoredDuringExecution", Object, 67, "", "", Unset, &[], false, false),
        ],
    },
    // 155
    TypeDef {
        name: "core/v1.PreferredSchedulingTerm",
        atomic: false,
        fields: &[
            f("preference", Object, 68, "", "", Unset, &[], false, false),
        ],
    },
    // 156
    TypeDef {
        name: "core/v1.PodAffinity",
        atomic: false,
        fields: &[
            f("preferredDuringSchedulingIgnoredDuringExecution", List, 158, "", "", Atomic, &[], false, false),
            f("requiredDuringSchedulingIgnoredDuringExecution", List, 157, "", "", Atomic, &[], false, false),
        ],
    },
    // 157
    TypeDef {
        name: "core/v1.PodAffinityTerm",
        atomic: false,
        fields: &[
            f("labelSelector", Object, 73, "", "", Unset, &[], false, false),
            f("matchLabelKeys", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("mismatchLabelKeys", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("namespaceSelector", Object, 73, "", "", Unset, &[], false, false),
            f("namespaces", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 158
    TypeDef {
        name: "core/v1.WeightedPodAffinityTerm",
        atomic: false,
        fields: &[
            f("podAffinityTerm", Object, 157, "", "", Unset, &[], false, false),
        ],
    },
    // 159
    TypeDef {
        name: "core/v1.PodAntiAffinity",
        atomic: false,
        fields: &[
            f("preferredDuringSchedulingIgnoredDuringExecution", List, 158, "", "", Atomic, &[], false, false),
            f("requiredDuringSchedulingIgnoredDuringExecution", List, 157, "", "", Atomic, &[], false, false),
        ],
    },
    // 160
    TypeDef {
        name: "core/v1.Toleration",
        atomic: false,
        fields: &[],
    },
    // 161
    TypeDef {
        name: "core/v1.HostAlias",
        atomic: false,
        fields: &[
            f("hostnames", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 162
    TypeDef {
        name: "core/v1.PodDNSConfig",
        atomic: false,
        fields: &[
            f("nameservers", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("options", List, 163, "", "", Atomic, &[], false, false),
            f("searches", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 163
    TypeDef {
        name: "core/v1.PodDNSConfigOption",
        atomic: false,
        fields: &[],
    },
    // 164
    TypeDef {
        name: "core/v1.PodReadinessGate",
        atomic: false,
        fields: &[],
    },
    // 165
    TypeDef {
        name: "core/v1.TopologySpreadConstraint",
        atomic: false,
        fields: &[
            f("labelSelector", Object, 73, "", "", Unset, &[], false, false),
            f("matchLabelKeys", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 166
    TypeDef {
        name: "core/v1.PodOS",
        atomic: false,
        fields: &[],
    },
    // 167
    TypeDef {
        name: "core/v1.PodSchedulingGate",
        atomic: false,
        fields: &[],
    },
    // 168
    TypeDef {
        name: "core/v1.PodResourceClaim",
        atomic: false,
        fields: &[],
    },
    // 169
    TypeDef {
        name: "core/v1.PodSchedulingGroup",
        atomic: false,
        fields: &[],
    },
    // 170
    TypeDef {
        name: "core/v1.EvictionResponder",
        atomic: true,
        fields: &[],
    },
    // 171
    TypeDef {
        name: "core/v1.PodStatus",
        atomic: false,
        fields: &[
            f("allocatedResources", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("conditions", List, 172, "merge", "type", Keyed, &["type"], false, false),
            f("containerStatuses", List, 175, "", "", Atomic, &[], false, false),
            f("ephemeralContainerStatuses", List, 175, "", "", Atomic, &[], false, false),
            f("extendedResourceClaimStatus", Object, 188, "", "", Unset, &[], false, false),
            f("hostIPs", List, 173, "merge", "ip", Atomic, &[], false, true),
            f("initContainerStatuses", List, 175, "", "", Atomic, &[], false, false),
            f("nodeAllocatableResourceClaimStatuses", List, 190, "merge", "resourceClaimName", Keyed, &["resourceClaimName"], false, true),
            f("podIPs", List, 174, "merge", "ip", Keyed, &["ip"], false, false),
            f("resourceClaimStatuses", List, 187, "merge,retainKeys", "name", Keyed, &["name"], false, true),
            f("resources", Object, 128, "", "", Unset, &[], false, false),
            f("volumeHealth", List, 193, "", "", Keyed, &["name"], false, false),
        ],
    },
    // 172
    TypeDef {
        name: "core/v1.PodCondition",
        atomic: false,
        fields: &[],
    },
    // 173
    TypeDef {
        name: "core/v1.HostIP",
        atomic: false,
        fields: &[],
    },
    // 174
    TypeDef {
        name: "core/v1.PodIP",
        atomic: false,
        fields: &[],
    },
    // 175
    TypeDef {
        name: "core/v1.ContainerStatus",
        atomic: false,
        fields: &[
            f("allocatedResources", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("allocatedResourcesStatus", List, 185, "merge", "name", Keyed, &["name"], false, true),
            f("lastState", Object, 176, "", "", Unset, &[], false, false),
            f("resources", Object, 128, "", "", Unset, &[], false, false),
            f("state", Object, 176, "", "", Unset, &[], false, false),
            f("user", Object, 183, "", "", Unset, &[], false, false),
            f("volumeMounts", List, 180, "merge", "mountPath", Keyed, &["mountPath"], false, true),
        ],
    },
    // 176
    TypeDef {
        name: "core/v1.ContainerState",
        atomic: false,
        fields: &[
            f("running", Object, 178, "", "", Unset, &[], false, false),
            f("terminated", Object, 179, "", "", Unset, &[], false, false),
            f("waiting", Object, 177, "", "", Unset, &[], false, false),
        ],
    },
    // 177
    TypeDef {
        name: "core/v1.ContainerStateWaiting",
        atomic: false,
        fields: &[],
    },
    // 178
    TypeDef {
        name: "core/v1.ContainerStateRunning",
        atomic: false,
        fields: &[],
    },
    // 179
    TypeDef {
        name: "core/v1.ContainerStateTerminated",
        atomic: false,
        fields: &[],
    },
    // 180
    TypeDef {
        name: "core/v1.VolumeMountStatus",
        atomic: false,
        fields: &[
            f("volumeStatus", Object, 181, "", "", Unset, &[], false, false),
        ],
    },
    // 181
    TypeDef {
        name: "core/v1.VolumeStatus",
        atomic: false,
        fields: &[
            f("image", Object, 182, "", "", Unset, &[], false, false),
        ],
    },
    // 182
    TypeDef {
        name: "core/v1.ImageVolumeStatus",
        atomic: false,
        fields: &[],
    },
    // 183
    TypeDef {
        name: "core/v1.ContainerUser",
        atomic: false,
        fields: &[
            f("linux", Object, 184, "", "", Unset, &[], false, false),
        ],
    },
    // 184
    TypeDef {
        name: "core/v1.LinuxContainerUser",
        atomic: false,
        fields: &[
            f("supplementalGroups", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 185
    TypeDef {
        name: "core/v1.ResourceStatus",
        atomic: false,
        fields: &[
            f("resources", List, 186, "", "", Keyed, &["resourceID"], false, false),
        ],
    },
    // 186
    TypeDef {
        name: "core/v1.ResourceHealth",
        atomic: false,
        fields: &[],
    },
    // 187
    TypeDef {
        name: "core/v1.PodResourceClaimStatus",
        atomic: false,
        fields: &[],
    },
    // 188
    TypeDef {
        name: "core/v1.PodExtendedResourceClaimStatus",
        atomic: false,
        fields: &[
            f("requestMappings", List, 189, "", "", Atomic, &[], false, false),
        ],
    },
    // 189
    TypeDef {
        name: "core/v1.ContainerExtendedResourceRequest",
        atomic: false,
        fields: &[],
    },
    // 190
    TypeDef {
        name: "core/v1.NodeAllocatableResourceClaimStatus",
        atomic: false,
        fields: &[
            f("containers", List, NO_TYPE, "", "", Set, &[], false, false),
            f("mapping", List, 191, "merge", "name", Keyed, &["name"], false, true),
            f("overhead", List, 192, "merge", "name", Keyed, &["name"], false, true),
        ],
    },
    // 191
    TypeDef {
        name: "core/v1.NodeAllocatableMappedResources",
        atomic: false,
        fields: &[],
    },
    // 192
    TypeDef {
        name: "core/v1.NodeAllocatableOverheadResources",
        atomic: false,
        fields: &[],
    },
    // 193
    TypeDef {
        name: "core/v1.PodVolumeHealth",
        atomic: false,
        fields: &[
            f("healthConditions", List, 82, "merge", "status", Keyed, &["status", "reason"], false, true),
        ],
    },
    // 194
    TypeDef {
        name: "core/v1.PodTemplate",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("template", Object, 195, "", "", Unset, &[], false, false),
        ],
    },
    // 195
    TypeDef {
        name: "core/v1.PodTemplateSpec",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 84, "", "", Unset, &[], false, false),
        ],
    },
    // 196
    TypeDef {
        name: "core/v1.RangeAllocation",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
        ],
    },
    // 197
    TypeDef {
        name: "core/v1.ReplicationController",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 198, "", "", Unset, &[], false, false),
            f("status", Object, 199, "", "", Unset, &[], false, false),
        ],
    },
    // 198
    TypeDef {
        name: "core/v1.ReplicationControllerSpec",
        atomic: false,
        fields: &[
            f("selector", Map, NO_TYPE, "", "", Unset, &[], true, false),
            f("template", Object, 195, "", "", Unset, &[], false, false),
        ],
    },
    // 199
    TypeDef {
        name: "core/v1.ReplicationControllerStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 200, "merge", "type", Keyed, &["type"], false, false),
        ],
    },
    // 200
    TypeDef {
        name: "core/v1.ReplicationControllerCondition",
        atomic: false,
        fields: &[],
    },
    // 201
    TypeDef {
        name: "core/v1.ResourceQuota",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 202, "", "", Unset, &[], false, false),
            f("status", Object, 205, "", "", Unset, &[], false, false),
        ],
    },
    // 202
    TypeDef {
        name: "core/v1.ResourceQuotaSpec",
        atomic: false,
        fields: &[
            f("hard", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("scopeSelector", Object, 203, "", "", Unset, &[], false, false),
            f("scopes", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 203
    TypeDef {
        name: "core/v1.ScopeSelector",
        atomic: true,
        fields: &[
            f("matchExpressions", List, 204, "", "", Atomic, &[], false, false),
        ],
    },
    // 204
    TypeDef {
        name: "core/v1.ScopedResourceSelectorRequirement",
        atomic: false,
        fields: &[
            f("values", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 205
    TypeDef {
        name: "core/v1.ResourceQuotaStatus",
        atomic: false,
        fields: &[
            f("hard", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("used", Map, NO_TYPE, "", "", Unset, &[], false, false),
        ],
    },
    // 206
    TypeDef {
        name: "core/v1.Secret",
        atomic: false,
        fields: &[
            f("data", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("stringData", Map, NO_TYPE, "", "", Unset, &[], false, false),
        ],
    },
    // 207
    TypeDef {
        name: "core/v1.Service",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 208, "", "", Unset, &[], false, false),
            f("status", Object, 212, "", "", Unset, &[], false, false),
        ],
    },
    // 208
    TypeDef {
        name: "core/v1.ServiceSpec",
        atomic: false,
        fields: &[
            f("clusterIPs", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("externalIPs", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("ipFamilies", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("loadBalancerSourceRanges", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("ports", List, 209, "merge", "port", Keyed, &["port", "protocol"], false, false),
            f("selector", Map, NO_TYPE, "", "", Unset, &[], true, false),
            f("sessionAffinityConfig", Object, 210, "", "", Unset, &[], false, false),
        ],
    },
    // 209
    TypeDef {
        name: "core/v1.ServicePort",
        atomic: false,
        fields: &[],
    },
    // 210
    TypeDef {
        name: "core/v1.SessionAffinityConfig",
        atomic: false,
        fields: &[
            f("clientIP", Object, 211, "", "", Unset, &[], false, false),
        ],
    },
    // 211
    TypeDef {
        name: "core/v1.ClientIPConfig",
        atomic: false,
        fields: &[],
    },
    // 212
    TypeDef {
        name: "core/v1.ServiceStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 216, "merge", "type", Keyed, &["type"], false, false),
            f("loadBalancer", Object, 213, "", "", Unset, &[], false, false),
        ],
    },
    // 213
    TypeDef {
        name: "core/v1.LoadBalancerStatus",
        atomic: false,
        fields: &[
            f("ingress", List, 214, "", "", Atomic, &[], false, false),
        ],
    },
    // 214
    TypeDef {
        name: "core/v1.LoadBalancerIngress",
        atomic: false,
        fields: &[
            f("ports", List, 215, "", "", Atomic, &[], false, false),
        ],
    },
    // 215
    TypeDef {
        name: "core/v1.PortStatus",
        atomic: false,
        fields: &[],
    },
    // 216
    TypeDef {
        name: "meta/v1.Condition",
        atomic: false,
        fields: &[],
    },
    // 217
    TypeDef {
        name: "core/v1.ServiceAccount",
        atomic: false,
        fields: &[
            f("imagePullSecrets", List, 91, "", "", Atomic, &[], false, false),
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("secrets", List, 4, "merge", "name", Keyed, &["name"], false, false),
        ],
    },
    // 218
    TypeDef {
        name: "apps/v1.ControllerRevision",
        atomic: false,
        fields: &[
            f("data", Object, NO_TYPE, "", "", Unset, &[], false, false),
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
        ],
    },
    // 219
    TypeDef {
        name: "apps/v1.DaemonSet",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 220, "", "", Unset, &[], false, false),
            f("status", Object, 223, "", "", Unset, &[], false, false),
        ],
    },
    // 220
    TypeDef {
        name: "apps/v1.DaemonSetSpec",
        atomic: false,
        fields: &[
            f("selector", Object, 73, "", "", Unset, &[], false, false),
            f("template", Object, 195, "", "", Unset, &[], false, false),
            f("updateStrategy", Object, 221, "", "", Unset, &[], false, false),
        ],
    },
    // 221
    TypeDef {
        name: "apps/v1.DaemonSetUpdateStrategy",
        atomic: false,
        fields: &[
            f("rollingUpdate", Object, 222, "", "", Unset, &[], false, false),
        ],
    },
    // 222
    TypeDef {
        name: "apps/v1.RollingUpdateDaemonSet",
        atomic: false,
        fields: &[],
    },
    // 223
    TypeDef {
        name: "apps/v1.DaemonSetStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 224, "merge", "type", Keyed, &["type"], false, false),
        ],
    },
    // 224
    TypeDef {
        name: "apps/v1.DaemonSetCondition",
        atomic: false,
        fields: &[],
    },
    // 225
    TypeDef {
        name: "apps/v1.Deployment",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 226, "", "", Unset, &[], false, false),
            f("status", Object, 229, "", "", Unset, &[], false, false),
        ],
    },
    // 226
    TypeDef {
        name: "apps/v1.DeploymentSpec",
        atomic: false,
        fields: &[
            f("selector", Object, 73, "", "", Unset, &[], false, false),
            f("strategy", Object, 227, "retainKeys", "", Unset, &[], false, false),
            f("template", Object, 195, "", "", Unset, &[], false, false),
        ],
    },
    // 227
    TypeDef {
        name: "apps/v1.DeploymentStrategy",
        atomic: false,
        fields: &[
            f("rollingUpdate", Object, 228, "", "", Unset, &[], false, false),
        ],
    },
    // 228
    TypeDef {
        name: "apps/v1.RollingUpdateDeployment",
        atomic: false,
        fields: &[],
    },
    // 229
    TypeDef {
        name: "apps/v1.DeploymentStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 230, "merge", "type", Keyed, &["type"], false, false),
        ],
    },
    // 230
    TypeDef {
        name: "apps/v1.DeploymentCondition",
        atomic: false,
        fields: &[],
    },
    // 231
    TypeDef {
        name: "apps/v1.ReplicaSet",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 232, "", "", Unset, &[], false, false),
            f("status", Object, 233, "", "", Unset, &[], false, false),
        ],
    },
    // 232
    TypeDef {
        name: "apps/v1.ReplicaSetSpec",
        atomic: false,
        fields: &[
            f("selector", Object, 73, "", "", Unset, &[], false, false),
            f("template", Object, 195, "", "", Unset, &[], false, false),
        ],
    },
    // 233
    TypeDef {
        name: "apps/v1.ReplicaSetStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 234, "merge", "type", Keyed, &["type"], false, false),
        ],
    },
    // 234
    TypeDef {
        name: "apps/v1.ReplicaSetCondition",
        atomic: false,
        fields: &[],
    },
    // 235
    TypeDef {
        name: "apps/v1.StatefulSet",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 236, "", "", Unset, &[], false, false),
            f("status", Object, 241, "", "", Unset, &[], false, false),
        ],
    },
    // 236
    TypeDef {
        name: "apps/v1.StatefulSetSpec",
        atomic: false,
        fields: &[
            f("ordinals", Object, 240, "", "", Unset, &[], false, false),
            f("persistentVolumeClaimRetentionPolicy", Object, 239, "", "", Unset, &[], false, false),
            f("selector", Object, 73, "", "", Unset, &[], false, false),
            f("template", Object, 195, "", "", Unset, &[], false, false),
            f("updateStrategy", Object, 237, "", "", Unset, &[], false, false),
            f("volumeClaimTemplates", List, 71, "", "", Atomic, &[], false, false),
        ],
    },
    // 237
    TypeDef {
        name: "apps/v1.StatefulSetUpdateStrategy",
        atomic: false,
        fields: &[
            f("rollingUpdate", Object, 238, "", "", Unset, &[], false, false),
        ],
    },
    // 238
    TypeDef {
        name: "apps/v1.RollingUpdateStatefulSetStrategy",
        atomic: false,
        fields: &[],
    },
    // 239
    TypeDef {
        name: "apps/v1.StatefulSetPersistentVolumeClaimRetentionPolicy",
        atomic: false,
        fields: &[],
    },
    // 240
    TypeDef {
        name: "apps/v1.StatefulSetOrdinals",
        atomic: false,
        fields: &[],
    },
    // 241
    TypeDef {
        name: "apps/v1.StatefulSetStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 242, "merge", "type", Keyed, &["type"], false, false),
        ],
    },
    // 242
    TypeDef {
        name: "apps/v1.StatefulSetCondition",
        atomic: false,
        fields: &[],
    },
    // 243
    TypeDef {
        name: "apps/v1beta1.ControllerRevision",
        atomic: false,
        fields: &[
            f("data", Object, NO_TYPE, "", "", Unset, &[], false, false),
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
        ],
    },
    // 244
    TypeDef {
        name: "apps/v1beta1.Deployment",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 245, "", "", Unset, &[], false, false),
            f("status", Object, 249, "", "", Unset, &[], false, false),
        ],
    },
    // 245
    TypeDef {
        name: "apps/v1beta1.DeploymentSpec",
        atomic: false,
        fields: &[
            f("rollbackTo", Object, 248, "", "", Unset, &[], false, false),
            f("selector", Object, 73, "", "", Unset, &[], false, false),
            f("strategy", Object, 246, "retainKeys", "", Unset, &[], false, false),
            f("template", Object, 195, "", "", Unset, &[], false, false),
        ],
    },
    // 246
    TypeDef {
        name: "apps/v1beta1.DeploymentStrategy",
        atomic: false,
        fields: &[
            f("rollingUpdate", Object, 247, "", "", Unset, &[], false, false),
        ],
    },
    // 247
    TypeDef {
        name: "apps/v1beta1.RollingUpdateDeployment",
        atomic: false,
        fields: &[],
    },
    // 248
    TypeDef {
        name: "apps/v1beta1.RollbackConfig",
        atomic: false,
        fields: &[],
    },
    // 249
    TypeDef {
        name: "apps/v1beta1.DeploymentStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 250, "merge", "type", Keyed, &["type"], false, false),
        ],
    },
    // 250
    TypeDef {
        name: "apps/v1beta1.DeploymentCondition",
        atomic: false,
        fields: &[],
    },
    // 251
    TypeDef {
        name: "apps/v1beta1.Scale",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 252, "", "", Unset, &[], false, false),
            f("status", Object, 253, "", "", Unset, &[], false, false),
        ],
    },
    // 252
    TypeDef {
        name: "apps/v1beta1.ScaleSpec",
        atomic: false,
        fields: &[],
    },
    // 253
    TypeDef {
        name: "apps/v1beta1.ScaleStatus",
        atomic: false,
        fields: &[
            f("selector", Map, NO_TYPE, "", "", Unset, &[], false, false),
        ],
    },
    // 254
    TypeDef {
        name: "apps/v1beta1.StatefulSet",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 255, "", "", Unset, &[], false, false),
            f("status", Object, 260, "", "", Unset, &[], false, false),
        ],
    },
    // 255
    TypeDef {
        name: "apps/v1beta1.StatefulSetSpec",
        atomic: false,
        fields: &[
            f("ordinals", Object, 259, "", "", Unset, &[], false, false),
            f("persistentVolumeClaimRetentionPolicy", Object, 258, "", "", Unset, &[], false, false),
            f("selector", Object, 73, "", "", Unset, &[], false, false),
            f("template", Object, 195, "", "", Unset, &[], false, false),
            f("updateStrategy", Object, 256, "", "", Unset, &[], false, false),
            f("volumeClaimTemplates", List, 71, "", "", Atomic, &[], false, false),
        ],
    },
    // 256
    TypeDef {
        name: "apps/v1beta1.StatefulSetUpdateStrategy",
        atomic: false,
        fields: &[
            f("rollingUpdate", Object, 257, "", "", Unset, &[], false, false),
        ],
    },
    // 257
    TypeDef {
        name: "apps/v1beta1.RollingUpdateStatefulSetStrategy",
        atomic: false,
        fields: &[],
    },
    // 258
    TypeDef {
        name: "apps/v1beta1.StatefulSetPersistentVolumeClaimRetentionPolicy",
        atomic: false,
        fields: &[],
    },
    // 259
    TypeDef {
        name: "apps/v1beta1.StatefulSetOrdinals",
        atomic: false,
        fields: &[],
    },
    // 260
    TypeDef {
        name: "apps/v1beta1.StatefulSetStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 261, "merge", "type", Keyed, &["type"], false, false),
        ],
    },
    // 261
    TypeDef {
        name: "apps/v1beta1.StatefulSetCondition",
        atomic: false,
        fields: &[],
    },
    // 262
    TypeDef {
        name: "apps/v1beta2.ControllerRevision",
        atomic: false,
        fields: &[
            f("data", Object, NO_TYPE, "", "", Unset, &[], false, false),
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
        ],
    },
    // 263
    TypeDef {
        name: "apps/v1beta2.DaemonSet",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 264, "", "", Unset, &[], false, false),
            f("status", Object, 267, "", "", Unset, &[], false, false),
        ],
    },
    // 264
    TypeDef {
        name: "apps/v1beta2.DaemonSetSpec",
        atomic: false,
        fields: &[
            f("selector", Object, 73, "", "", Unset, &[], false, false),
            f("template", Object, 195, "", "", Unset, &[], false, false),
            f("updateStrategy", Object, 265, "", "", Unset, &[], false, false),
        ],
    },
    // 265
    TypeDef {
        name: "apps/v1beta2.DaemonSetUpdateStrategy",
        atomic: false,
        fields: &[
            f("rollingUpdate", Object, 266, "", "", Unset, &[], false, false),
        ],
    },
    // 266
    TypeDef {
        name: "apps/v1beta2.RollingUpdateDaemonSet",
        atomic: false,
        fields: &[],
    },
    // 267
    TypeDef {
        name: "apps/v1beta2.DaemonSetStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 268, "merge", "type", Keyed, &["type"], false, false),
        ],
    },
    // 268
    TypeDef {
        name: "apps/v1beta2.DaemonSetCondition",
        atomic: false,
        fields: &[],
    },
    // 269
    TypeDef {
        name: "apps/v1beta2.Deployment",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 270, "", "", Unset, &[], false, false),
            f("status", Object, 273, "", "", Unset, &[], false, false),
        ],
    },
    // 270
    TypeDef {
        name: "apps/v1beta2.DeploymentSpec",
        atomic: false,
        fields: &[
            f("selector", Object, 73, "", "", Unset, &[], false, false),
            f("strategy", Object, 271, "retainKeys", "", Unset, &[], false, false),
            f("template", Object, 195, "", "", Unset, &[], false, false),
        ],
    },
    // 271
    TypeDef {
        name: "apps/v1beta2.DeploymentStrategy",
        atomic: false,
        fields: &[
            f("rollingUpdate", Object, 272, "", "", Unset, &[], false, false),
        ],
    },
    // 272
    TypeDef {
        name: "apps/v1beta2.RollingUpdateDeployment",
        atomic: false,
        fields: &[],
    },
    // 273
    TypeDef {
        name: "apps/v1beta2.DeploymentStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 274, "merge", "type", Keyed, &["type"], false, false),
        ],
    },
    // 274
    TypeDef {
        name: "apps/v1beta2.DeploymentCondition",
        atomic: false,
        fields: &[],
    },
    // 275
    TypeDef {
        name: "apps/v1beta2.ReplicaSet",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 276, "", "", Unset, &[], false, false),
            f("status", Object, 277, "", "", Unset, &[], false, false),
        ],
    },
    // 276
    TypeDef {
        name: "apps/v1beta2.ReplicaSetSpec",
        atomic: false,
        fields: &[
            f("selector", Object, 73, "", "", Unset, &[], false, false),
            f("template", Object, 195, "", "", Unset, &[], false, false),
        ],
    },
    // 277
    TypeDef {
        name: "apps/v1beta2.ReplicaSetStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 278, "merge", "type", Keyed, &["type"], false, false),
        ],
    },
    // 278
    TypeDef {
        name: "apps/v1beta2.ReplicaSetCondition",
        atomic: false,
        fields: &[],
    },
    // 279
    TypeDef {
        name: "apps/v1beta2.Scale",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 280, "", "", Unset, &[], false, false),
            f("status", Object, 281, "", "", Unset, &[], false, false),
        ],
    },
    // 280
    TypeDef {
        name: "apps/v1beta2.ScaleSpec",
        atomic: false,
        fields: &[],
    },
    // 281
    TypeDef {
        name: "apps/v1beta2.ScaleStatus",
        atomic: false,
        fields: &[
            f("selector", Map, NO_TYPE, "", "", Unset, &[], true, false),
        ],
    },
    // 282
    TypeDef {
        name: "apps/v1beta2.StatefulSet",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 283, "", "", Unset, &[], false, false),
            f("status", Object, 288, "", "", Unset, &[], false, false),
        ],
    },
    // 283
    TypeDef {
        name: "apps/v1beta2.StatefulSetSpec",
        atomic: false,
        fields: &[
            f("ordinals", Object, 287, "", "", Unset, &[], false, false),
            f("persistentVolumeClaimRetentionPolicy", Object, 286, "", "", Unset, &[], false, false),
            f("selector", Object, 73, "", "", Unset, &[], false, false),
            f("template", Object, 195, "", "", Unset, &[], false, false),
            f("updateStrategy", Object, 284, "", "", Unset, &[], false, false),
            f("volumeClaimTemplates", List, 71, "", "", Atomic, &[], false, false),
        ],
    },
    // 284
    TypeDef {
        name: "apps/v1beta2.StatefulSetUpdateStrategy",
        atomic: false,
        fields: &[
            f("rollingUpdate", Object, 285, "", "", Unset, &[], false, false),
        ],
    },
    // 285
    TypeDef {
        name: "apps/v1beta2.RollingUpdateStatefulSetStrategy",
        atomic: false,
        fields: &[],
    },
    // 286
    TypeDef {
        name: "apps/v1beta2.StatefulSetPersistentVolumeClaimRetentionPolicy",
        atomic: false,
        fields: &[],
    },
    // 287
    TypeDef {
        name: "apps/v1beta2.StatefulSetOrdinals",
        atomic: false,
        fields: &[],
    },
    // 288
    TypeDef {
        name: "apps/v1beta2.StatefulSetStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 289, "merge", "type", Keyed, &["type"], false, false),
        ],
    },
    // 289
    TypeDef {
        name: "apps/v1beta2.StatefulSetCondition",
        atomic: false,
        fields: &[],
    },
    // 290
    TypeDef {
        name: "batch/v1.CronJob",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 291, "", "", Unset, &[], false, false),
            f("status", Object, 310, "", "", Unset, &[], false, false),
        ],
    },
    // 291
    TypeDef {
        name: "batch/v1.CronJobSpec",
        atomic: false,
        fields: &[
            f("jobTemplate", Object, 292, "", "", Unset, &[], false, false),
        ],
    },
    // 292
    TypeDef {
        name: "batch/v1.JobTemplateSpec",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 293, "", "", Unset, &[], false, false),
        ],
    },
    // 293
    TypeDef {
        name: "batch/v1.JobSpec",
        atomic: false,
        fields: &[
            f("podFailurePolicy", Object, 294, "", "", Unset, &[], false, false),
            f("scheduling", Object, 300, "", "", Unset, &[], false, false),
            f("selector", Object, 73, "", "", Unset, &[], false, false),
            f("successPolicy", Object, 298, "", "", Unset, &[], false, false),
            f("template", Object, 195, "", "", Unset, &[], false, false),
        ],
    },
    // 294
    TypeDef {
        name: "batch/v1.PodFailurePolicy",
        atomic: false,
        fields: &[
            f("rules", List, 295, "", "", Atomic, &[], false, false),
        ],
    },
    // 295
    TypeDef {
        name: "batch/v1.PodFailurePolicyRule",
        atomic: false,
        fields: &[
            f("onExitCodes", Object, 296, "", "", Unset, &[], false, false),
            f("onPodConditions", List, 297, "", "", Atomic, &[], false, false),
        ],
    },
    // 296
    TypeDef {
        name: "batch/v1.PodFailurePolicyOnExitCodesRequirement",
        atomic: false,
        fields: &[
            f("values", List, NO_TYPE, "", "", Set, &[], false, false),
        ],
    },
    // 297
    TypeDef {
        name: "batch/v1.PodFailurePolicyOnPodConditionsPattern",
        atomic: false,
        fields: &[],
    },
    // 298
    TypeDef {
        name: "batch/v1.SuccessPolicy",
        atomic: false,
        fields: &[
            f("rules", List, 299, "", "", Atomic, &[], false, false),
        ],
    },
    // 299
    TypeDef {
        name: "batch/v1.SuccessPolicyRule",
        atomic: false,
        fields: &[],
    },
    // 300
    TypeDef {
        name: "batch/v1.JobSchedulingConfiguration",
        atomic: false,
        fields: &[
            f("disruptionMode", Object, 306, "", "", Unset, &[], false, false),
            f("resourceClaims", List, 309, "merge", "name", Keyed, &["name"], false, true),
            f("schedulingConstraints", Object, 304, "", "", Unset, &[], false, false),
            f("schedulingPolicy", Object, 301, "", "", Unset, &[], false, false),
        ],
    },
    // 301
    TypeDef {
        name: "scheduling/v1alpha3.WorkloadPodGroupSchedulingPolicy",
        atomic: false,
        fields: &[
            f("basic", Object, 302, "", "", Unset, &[], false, false),
            f("gang", Object, 303, "", "", Unset, &[], false, false),
        ],
    },
    // 302
    TypeDef {
        name: "scheduling/v1alpha3.WorkloadPodGroupBasicSchedulingPolicy",
        atomic: false,
        fields: &[],
    },
    // 303
    TypeDef {
        name: "scheduling/v1alpha3.WorkloadPodGroupGangSchedulingPolicy",
        atomic: false,
        fields: &[],
    },
    // 304
    TypeDef {
        name: "scheduling/v1alpha3.WorkloadPodGroupSchedulingConstraints",
        atomic: false,
        fields: &[
            f("topology", List, 305, "", "", Atomic, &[], false, false),
        ],
    },
    // 305
    TypeDef {
        name: "scheduling/v1alpha3.TopologyConstraint",
        atomic: false,
        fields: &[],
    },
    // 306
    TypeDef {
        name: "scheduling/v1alpha3.WorkloadPodGroupDisruptionMode",
        atomic: false,
        fields: &[
            f("all", Object, 308, "", "", Unset, &[], false, false),
            f("single", Object, 307, "", "", Unset, &[], false, false),
        ],
    },
    // 307
    TypeDef {
        name: "scheduling/v1alpha3.WorkloadPodGroupSingleDisruptionMode",
        atomic: false,
        fields: &[],
    },
    // 308
    TypeDef {
        name: "scheduling/v1alpha3.WorkloadPodGroupAllDisruptionMode",
        atomic: false,
        fields: &[],
    },
    // 309
    TypeDef {
        name: "scheduling/v1alpha3.WorkloadPodGroupResourceClaim",
        atomic: false,
        fields: &[],
    },
    // 310
    TypeDef {
        name: "batch/v1.CronJobStatus",
        atomic: false,
        fields: &[
            f("active", List, 4, "", "", Atomic, &[], false, false),
        ],
    },
    // 311
    TypeDef {
        name: "batch/v1.Job",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 293, "", "", Unset, &[], false, false),
            f("status", Object, 312, "", "", Unset, &[], false, false),
        ],
    },
    // 312
    TypeDef {
        name: "batch/v1.JobStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 313, "merge", "type", Atomic, &[], false, false),
            f("uncountedTerminatedPods", Object, 314, "", "", Unset, &[], false, false),
        ],
    },
    // 313
    TypeDef {
        name: "batch/v1.JobCondition",
        atomic: false,
        fields: &[],
    },
    // 314
    TypeDef {
        name: "batch/v1.UncountedTerminatedPods",
        atomic: false,
        fields: &[
            f("failed", List, NO_TYPE, "", "", Set, &[], false, false),
            f("succeeded", List, NO_TYPE, "", "", Set, &[], false, false),
        ],
    },
    // 315
    TypeDef {
        name: "batch/v1beta1.CronJob",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 316, "", "", Unset, &[], false, false),
            f("status", Object, 318, "", "", Unset, &[], false, false),
        ],
    },
    // 316
    TypeDef {
        name: "batch/v1beta1.CronJobSpec",
        atomic: false,
        fields: &[
            f("jobTemplate", Object, 317, "", "", Unset, &[], false, false),
        ],
    },
    // 317
    TypeDef {
        name: "batch/v1beta1.JobTemplateSpec",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 293, "", "", Unset, &[], false, false),
        ],
    },
    // 318
    TypeDef {
        name: "batch/v1beta1.CronJobStatus",
        atomic: false,
        fields: &[
            f("active", List, 4, "", "", Atomic, &[], false, false),
        ],
    },
    // 319
    TypeDef {
        name: "networking/v1.IPAddress",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 320, "", "", Unset, &[], false, false),
        ],
    },
    // 320
    TypeDef {
        name: "networking/v1.IPAddressSpec",
        atomic: false,
        fields: &[
            f("parentRef", Object, 321, "", "", Unset, &[], false, false),
        ],
    },
    // 321
    TypeDef {
        name: "networking/v1.ParentReference",
        atomic: false,
        fields: &[],
    },
    // 322
    TypeDef {
        name: "networking/v1.Ingress",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 323, "", "", Unset, &[], false, false),
            f("status", Object, 331, "", "", Unset, &[], false, false),
        ],
    },
    // 323
    TypeDef {
        name: "networking/v1.IngressSpec",
        atomic: false,
        fields: &[
            f("defaultBackend", Object, 324, "", "", Unset, &[], false, false),
            f("rules", List, 328, "", "", Atomic, &[], false, false),
            f("tls", List, 327, "", "", Atomic, &[], false, false),
        ],
    },
    // 324
    TypeDef {
        name: "networking/v1.IngressBackend",
        atomic: false,
        fields: &[
            f("resource", Object, 76, "", "", Unset, &[], false, false),
            f("service", Object, 325, "", "", Unset, &[], false, false),
        ],
    },
    // 325
    TypeDef {
        name: "networking/v1.IngressServiceBackend",
        atomic: false,
        fields: &[
            f("port", Object, 326, "", "", Unset, &[], false, false),
        ],
    },
    // 326
    TypeDef {
        name: "networking/v1.ServiceBackendPort",
        atomic: true,
        fields: &[],
    },
    // 327
    TypeDef {
        name: "networking/v1.IngressTLS",
        atomic: false,
        fields: &[
            f("hosts", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 328
    TypeDef {
        name: "networking/v1.IngressRule",
        atomic: false,
        fields: &[
            f("http", Object, 329, "", "", Unset, &[], false, false),
        ],
    },
    // 329
    TypeDef {
        name: "networking/v1.HTTPIngressRuleValue",
        atomic: false,
        fields: &[
            f("paths", List, 330, "", "", Atomic, &[], false, false),
        ],
    },
    // 330
    TypeDef {
        name: "networking/v1.HTTPIngressPath",
        atomic: false,
        fields: &[
            f("backend", Object, 324, "", "", Unset, &[], false, false),
        ],
    },
    // 331
    TypeDef {
        name: "networking/v1.IngressStatus",
        atomic: false,
        fields: &[
            f("loadBalancer", Object, 332, "", "", Unset, &[], false, false),
        ],
    },
    // 332
    TypeDef {
        name: "networking/v1.IngressLoadBalancerStatus",
        atomic: false,
        fields: &[
            f("ingress", List, 333, "", "", Atomic, &[], false, false),
        ],
    },
    // 333
    TypeDef {
        name: "networking/v1.IngressLoadBalancerIngress",
        atomic: false,
        fields: &[
            f("ports", List, 334, "", "", Atomic, &[], false, false),
        ],
    },
    // 334
    TypeDef {
        name: "networking/v1.IngressPortStatus",
        atomic: false,
        fields: &[],
    },
    // 335
    TypeDef {
        name: "networking/v1.IngressClass",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 336, "", "", Unset, &[], false, false),
        ],
    },
    // 336
    TypeDef {
        name: "networking/v1.IngressClassSpec",
        atomic: false,
        fields: &[
            f("parameters", Object, 337, "", "", Unset, &[], false, false),
        ],
    },
    // 337
    TypeDef {
        name: "networking/v1.IngressClassParametersReference",
        atomic: false,
        fields: &[],
    },
    // 338
    TypeDef {
        name: "networking/v1.NetworkPolicy",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 339, "", "", Unset, &[], false, false),
        ],
    },
    // 339
    TypeDef {
        name: "networking/v1.NetworkPolicySpec",
        atomic: false,
        fields: &[
            f("egress", List, 344, "", "", Atomic, &[], false, false),
            f("ingress", List, 340, "", "", Atomic, &[], false, false),
            f("podSelector", Object, 73, "", "", Unset, &[], false, false),
            f("policyTypes", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 340
    TypeDef {
        name: "networking/v1.NetworkPolicyIngressRule",
        atomic: false,
        fields: &[
            f("from", List, 342, "", "", Atomic, &[], false, false),
            f("ports", List, 341, "", "", Atomic, &[], false, false),
        ],
    },
    // 341
    TypeDef {
        name: "networking/v1.NetworkPolicyPort",
        atomic: false,
        fields: &[],
    },
    // 342
    TypeDef {
        name: "networking/v1.NetworkPolicyPeer",
        atomic: false,
        fields: &[
            f("ipBlock", Object, 343, "", "", Unset, &[], false, false),
            f("namespaceSelector", Object, 73, "", "", Unset, &[], false, false),
            f("podSelector", Object, 73, "", "", Unset, &[], false, false),
        ],
    },
    // 343
    TypeDef {
        name: "networking/v1.IPBlock",
        atomic: false,
        fields: &[
            f("except", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 344
    TypeDef {
        name: "networking/v1.NetworkPolicyEgressRule",
        atomic: false,
        fields: &[
            f("ports", List, 341, "", "", Atomic, &[], false, false),
            f("to", List, 342, "", "", Atomic, &[], false, false),
        ],
    },
    // 345
    TypeDef {
        name: "networking/v1.ServiceCIDR",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 346, "", "", Unset, &[], false, false),
            f("status", Object, 347, "", "", Unset, &[], false, false),
        ],
    },
    // 346
    TypeDef {
        name: "networking/v1.ServiceCIDRSpec",
        atomic: false,
        fields: &[
            f("cidrs", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 347
    TypeDef {
        name: "networking/v1.ServiceCIDRStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 216, "merge", "type", Keyed, &["type"], false, true),
        ],
    },
    // 348
    TypeDef {
        name: "networking/v1beta1.IPAddress",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 349, "", "", Unset, &[], false, false),
        ],
    },
    // 349
    TypeDef {
        name: "networking/v1beta1.IPAddressSpec",
        atomic: false,
        fields: &[
            f("parentRef", Object, 350, "", "", Unset, &[], false, false),
        ],
    },
    // 350
    TypeDef {
        name: "networking/v1beta1.ParentReference",
        atomic: false,
        fields: &[],
    },
    // 351
    TypeDef {
        name: "networking/v1beta1.Ingress",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 352, "", "", Unset, &[], false, false),
            f("status", Object, 358, "", "", Unset, &[], false, false),
        ],
    },
    // 352
    TypeDef {
        name: "networking/v1beta1.IngressSpec",
        atomic: false,
        fields: &[
            f("backend", Object, 353, "", "", Unset, &[], false, false),
            f("rules", List, 355, "", "", Atomic, &[], false, false),
            f("tls", List, 354, "", "", Atomic, &[], false, false),
        ],
    },
    // 353
    TypeDef {
        name: "networking/v1beta1.IngressBackend",
        atomic: false,
        fields: &[
            f("resource", Object, 76, "", "", Unset, &[], false, false),
        ],
    },
    // 354
    TypeDef {
        name: "networking/v1beta1.IngressTLS",
        atomic: false,
        fields: &[
            f("hosts", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 355
    TypeDef {
        name: "networking/v1beta1.IngressRule",
        atomic: false,
        fields: &[
            f("http", Object, 356, "", "", Unset, &[], false, false),
        ],
    },
    // 356
    TypeDef {
        name: "networking/v1beta1.HTTPIngressRuleValue",
        atomic: false,
        fields: &[
            f("paths", List, 357, "", "", Atomic, &[], false, false),
        ],
    },
    // 357
    TypeDef {
        name: "networking/v1beta1.HTTPIngressPath",
        atomic: false,
        fields: &[
            f("backend", Object, 353, "", "", Unset, &[], false, false),
        ],
    },
    // 358
    TypeDef {
        name: "networking/v1beta1.IngressStatus",
        atomic: false,
        fields: &[
            f("loadBalancer", Object, 359, "", "", Unset, &[], false, false),
        ],
    },
    // 359
    TypeDef {
        name: "networking/v1beta1.IngressLoadBalancerStatus",
        atomic: false,
        fields: &[
            f("ingress", List, 360, "", "", Atomic, &[], false, false),
        ],
    },
    // 360
    TypeDef {
        name: "networking/v1beta1.IngressLoadBalancerIngress",
        atomic: false,
        fields: &[
            f("ports", List, 361, "", "", Atomic, &[], false, false),
        ],
    },
    // 361
    TypeDef {
        name: "networking/v1beta1.IngressPortStatus",
        atomic: false,
        fields: &[],
    },
    // 362
    TypeDef {
        name: "networking/v1beta1.IngressClass",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 363, "", "", Unset, &[], false, false),
        ],
    },
    // 363
    TypeDef {
        name: "networking/v1beta1.IngressClassSpec",
        atomic: false,
        fields: &[
            f("parameters", Object, 364, "", "", Unset, &[], false, false),
        ],
    },
    // 364
    TypeDef {
        name: "networking/v1beta1.IngressClassParametersReference",
        atomic: false,
        fields: &[],
    },
    // 365
    TypeDef {
        name: "networking/v1beta1.ServiceCIDR",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 366, "", "", Unset, &[], false, false),
            f("status", Object, 367, "", "", Unset, &[], false, false),
        ],
    },
    // 366
    TypeDef {
        name: "networking/v1beta1.ServiceCIDRSpec",
        atomic: false,
        fields: &[
            f("cidrs", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 367
    TypeDef {
        name: "networking/v1beta1.ServiceCIDRStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 216, "merge", "type", Keyed, &["type"], false, true),
        ],
    },
    // 368
    TypeDef {
        name: "extensions/v1beta1.DaemonSet",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 369, "", "", Unset, &[], false, false),
            f("status", Object, 372, "", "", Unset, &[], false, false),
        ],
    },
    // 369
    TypeDef {
        name: "extensions/v1beta1.DaemonSetSpec",
        atomic: false,
        fields: &[
            f("selector", Object, 73, "", "", Unset, &[], false, false),
            f("template", Object, 195, "", "", Unset, &[], false, false),
            f("updateStrategy", Object, 370, "", "", Unset, &[], false, false),
        ],
    },
    // 370
    TypeDef {
        name: "extensions/v1beta1.DaemonSetUpdateStrategy",
        atomic: false,
        fields: &[
            f("rollingUpdate", Object, 371, "", "", Unset, &[], false, false),
        ],
    },
    // 371
    TypeDef {
        name: "extensions/v1beta1.RollingUpdateDaemonSet",
        atomic: false,
        fields: &[],
    },
    // 372
    TypeDef {
        name: "extensions/v1beta1.DaemonSetStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 373, "merge", "type", Keyed, &["type"], false, false),
        ],
    },
    // 373
    TypeDef {
        name: "extensions/v1beta1.DaemonSetCondition",
        atomic: false,
        fields: &[],
    },
    // 374
    TypeDef {
        name: "extensions/v1beta1.Deployment",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 375, "", "", Unset, &[], false, false),
            f("status", Object, 379, "", "", Unset, &[], false, false),
        ],
    },
    // 375
    TypeDef {
        name: "extensions/v1beta1.DeploymentSpec",
        atomic: false,
        fields: &[
            f("rollbackTo", Object, 378, "", "", Unset, &[], false, false),
            f("selector", Object, 73, "", "", Unset, &[], false, false),
            f("strategy", Object, 376, "retainKeys", "", Unset, &[], false, false),
            f("template", Object, 195, "", "", Unset, &[], false, false),
        ],
    },
    // 376
    TypeDef {
        name: "extensions/v1beta1.DeploymentStrategy",
        atomic: false,
        fields: &[
            f("rollingUpdate", Object, 377, "", "", Unset, &[], false, false),
        ],
    },
    // 377
    TypeDef {
        name: "extensions/v1beta1.RollingUpdateDeployment",
        atomic: false,
        fields: &[],
    },
    // 378
    TypeDef {
        name: "extensions/v1beta1.RollbackConfig",
        atomic: false,
        fields: &[],
    },
    // 379
    TypeDef {
        name: "extensions/v1beta1.DeploymentStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 380, "merge", "type", Keyed, &["type"], false, false),
        ],
    },
    // 380
    TypeDef {
        name: "extensions/v1beta1.DeploymentCondition",
        atomic: false,
        fields: &[],
    },
    // 381
    TypeDef {
        name: "extensions/v1beta1.Ingress",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 382, "", "", Unset, &[], false, false),
            f("status", Object, 388, "", "", Unset, &[], false, false),
        ],
    },
    // 382
    TypeDef {
        name: "extensions/v1beta1.IngressSpec",
        atomic: false,
        fields: &[
            f("backend", Object, 383, "", "", Unset, &[], false, false),
            f("rules", List, 385, "", "", Atomic, &[], false, false),
            f("tls", List, 384, "", "", Atomic, &[], false, false),
        ],
    },
    // 383
    TypeDef {
        name: "extensions/v1beta1.IngressBackend",
        atomic: false,
        fields: &[
            f("resource", Object, 76, "", "", Unset, &[], false, false),
        ],
    },
    // 384
    TypeDef {
        name: "extensions/v1beta1.IngressTLS",
        atomic: false,
        fields: &[
            f("hosts", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 385
    TypeDef {
        name: "extensions/v1beta1.IngressRule",
        atomic: false,
        fields: &[
            f("http", Object, 386, "", "", Unset, &[], false, false),
        ],
    },
    // 386
    TypeDef {
        name: "extensions/v1beta1.HTTPIngressRuleValue",
        atomic: false,
        fields: &[
            f("paths", List, 387, "", "", Atomic, &[], false, false),
        ],
    },
    // 387
    TypeDef {
        name: "extensions/v1beta1.HTTPIngressPath",
        atomic: false,
        fields: &[
            f("backend", Object, 383, "", "", Unset, &[], false, false),
        ],
    },
    // 388
    TypeDef {
        name: "extensions/v1beta1.IngressStatus",
        atomic: false,
        fields: &[
            f("loadBalancer", Object, 389, "", "", Unset, &[], false, false),
        ],
    },
    // 389
    TypeDef {
        name: "extensions/v1beta1.IngressLoadBalancerStatus",
        atomic: false,
        fields: &[
            f("ingress", List, 390, "", "", Atomic, &[], false, false),
        ],
    },
    // 390
    TypeDef {
        name: "extensions/v1beta1.IngressLoadBalancerIngress",
        atomic: false,
        fields: &[
            f("ports", List, 391, "", "", Atomic, &[], false, false),
        ],
    },
    // 391
    TypeDef {
        name: "extensions/v1beta1.IngressPortStatus",
        atomic: false,
        fields: &[],
    },
    // 392
    TypeDef {
        name: "extensions/v1beta1.NetworkPolicy",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 393, "", "", Unset, &[], false, false),
        ],
    },
    // 393
    TypeDef {
        name: "extensions/v1beta1.NetworkPolicySpec",
        atomic: false,
        fields: &[
            f("egress", List, 398, "", "", Atomic, &[], false, false),
            f("ingress", List, 394, "", "", Atomic, &[], false, false),
            f("podSelector", Object, 73, "", "", Unset, &[], false, false),
            f("policyTypes", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 394
    TypeDef {
        name: "extensions/v1beta1.NetworkPolicyIngressRule",
        atomic: false,
        fields: &[
            f("from", List, 396, "", "", Atomic, &[], false, false),
            f("ports", List, 395, "", "", Atomic, &[], false, false),
        ],
    },
    // 395
    TypeDef {
        name: "extensions/v1beta1.NetworkPolicyPort",
        atomic: false,
        fields: &[],
    },
    // 396
    TypeDef {
        name: "extensions/v1beta1.NetworkPolicyPeer",
        atomic: false,
        fields: &[
            f("ipBlock", Object, 397, "", "", Unset, &[], false, false),
            f("namespaceSelector", Object, 73, "", "", Unset, &[], false, false),
            f("podSelector", Object, 73, "", "", Unset, &[], false, false),
        ],
    },
    // 397
    TypeDef {
        name: "extensions/v1beta1.IPBlock",
        atomic: false,
        fields: &[
            f("except", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 398
    TypeDef {
        name: "extensions/v1beta1.NetworkPolicyEgressRule",
        atomic: false,
        fields: &[
            f("ports", List, 395, "", "", Atomic, &[], false, false),
            f("to", List, 396, "", "", Atomic, &[], false, false),
        ],
    },
    // 399
    TypeDef {
        name: "extensions/v1beta1.ReplicaSet",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 400, "", "", Unset, &[], false, false),
            f("status", Object, 401, "", "", Unset, &[], false, false),
        ],
    },
    // 400
    TypeDef {
        name: "extensions/v1beta1.ReplicaSetSpec",
        atomic: false,
        fields: &[
            f("selector", Object, 73, "", "", Unset, &[], false, false),
            f("template", Object, 195, "", "", Unset, &[], false, false),
        ],
    },
    // 401
    TypeDef {
        name: "extensions/v1beta1.ReplicaSetStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 402, "merge", "type", Keyed, &["type"], false, false),
        ],
    },
    // 402
    TypeDef {
        name: "extensions/v1beta1.ReplicaSetCondition",
        atomic: false,
        fields: &[],
    },
    // 403
    TypeDef {
        name: "extensions/v1beta1.Scale",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 404, "", "", Unset, &[], false, false),
            f("status", Object, 405, "", "", Unset, &[], false, false),
        ],
    },
    // 404
    TypeDef {
        name: "extensions/v1beta1.ScaleSpec",
        atomic: false,
        fields: &[],
    },
    // 405
    TypeDef {
        name: "extensions/v1beta1.ScaleStatus",
        atomic: false,
        fields: &[
            f("selector", Map, NO_TYPE, "", "", Unset, &[], true, false),
        ],
    },
    // 406
    TypeDef {
        name: "rbac/v1.ClusterRole",
        atomic: false,
        fields: &[
            f("aggregationRule", Object, 408, "", "", Unset, &[], false, false),
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("rules", List, 407, "", "", Atomic, &[], false, false),
        ],
    },
    // 407
    TypeDef {
        name: "rbac/v1.PolicyRule",
        atomic: false,
        fields: &[
            f("apiGroups", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("nonResourceURLs", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("resourceNames", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("resources", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("verbs", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 408
    TypeDef {
        name: "rbac/v1.AggregationRule",
        atomic: false,
        fields: &[
            f("clusterRoleSelectors", List, 73, "", "", Atomic, &[], false, false),
        ],
    },
    // 409
    TypeDef {
        name: "rbac/v1.ClusterRoleBinding",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("roleRef", Object, 411, "", "", Unset, &[], false, false),
            f("subjects", List, 410, "", "", Atomic, &[], false, false),
        ],
    },
    // 410
    TypeDef {
        name: "rbac/v1.Subject",
        atomic: true,
        fields: &[],
    },
    // 411
    TypeDef {
        name: "rbac/v1.RoleRef",
        atomic: true,
        fields: &[],
    },
    // 412
    TypeDef {
        name: "rbac/v1.Role",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("rules", List, 407, "", "", Atomic, &[], false, false),
        ],
    },
    // 413
    TypeDef {
        name: "rbac/v1.RoleBinding",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("roleRef", Object, 411, "", "", Unset, &[], false, false),
            f("subjects", List, 410, "", "", Atomic, &[], false, false),
        ],
    },
    // 414
    TypeDef {
        name: "rbac/v1beta1.ClusterRole",
        atomic: false,
        fields: &[
            f("aggregationRule", Object, 416, "", "", Unset, &[], false, false),
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("rules", List, 415, "", "", Atomic, &[], false, false),
        ],
    },
    // 415
    TypeDef {
        name: "rbac/v1beta1.PolicyRule",
        atomic: false,
        fields: &[
            f("apiGroups", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("nonResourceURLs", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("resourceNames", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("resources", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("verbs", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 416
    TypeDef {
        name: "rbac/v1beta1.AggregationRule",
        atomic: false,
        fields: &[
            f("clusterRoleSelectors", List, 73, "", "", Atomic, &[], false, false),
        ],
    },
    // 417
    TypeDef {
        name: "rbac/v1beta1.ClusterRoleBinding",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("roleRef", Object, 419, "", "", Unset, &[], false, false),
            f("subjects", List, 418, "", "", Atomic, &[], false, false),
        ],
    },
    // 418
    TypeDef {
        name: "rbac/v1beta1.Subject",
        atomic: false,
        fields: &[],
    },
    // 419
    TypeDef {
        name: "rbac/v1beta1.RoleRef",
        atomic: false,
        fields: &[],
    },
    // 420
    TypeDef {
        name: "rbac/v1beta1.Role",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("rules", List, 415, "", "", Atomic, &[], false, false),
        ],
    },
    // 421
    TypeDef {
        name: "rbac/v1beta1.RoleBinding",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("roleRef", Object, 419, "", "", Unset, &[], false, false),
            f("subjects", List, 418, "", "", Atomic, &[], false, false),
        ],
    },
    // 422
    TypeDef {
        name: "autoscaling/v1.HorizontalPodAutoscaler",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 423, "", "", Unset, &[], false, false),
            f("status", Object, 425, "", "", Unset, &[], false, false),
        ],
    },
    // 423
    TypeDef {
        name: "autoscaling/v1.HorizontalPodAutoscalerSpec",
        atomic: false,
        fields: &[
            f("scaleTargetRef", Object, 424, "", "", Unset, &[], false, false),
        ],
    },
    // 424
    TypeDef {
        name: "autoscaling/v1.CrossVersionObjectReference",
        atomic: true,
        fields: &[],
    },
    // 425
    TypeDef {
        name: "autoscaling/v1.HorizontalPodAutoscalerStatus",
        atomic: false,
        fields: &[],
    },
    // 426
    TypeDef {
        name: "autoscaling/v1.Scale",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 427, "", "", Unset, &[], false, false),
            f("status", Object, 428, "", "", Unset, &[], false, false),
        ],
    },
    // 427
    TypeDef {
        name: "autoscaling/v1.ScaleSpec",
        atomic: false,
        fields: &[],
    },
    // 428
    TypeDef {
        name: "autoscaling/v1.ScaleStatus",
        atomic: false,
        fields: &[],
    },
    // 429
    TypeDef {
        name: "autoscaling/v2.HorizontalPodAutoscaler",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 430, "", "", Unset, &[], false, false),
            f("status", Object, 443, "", "", Unset, &[], false, false),
        ],
    },
    // 430
    TypeDef {
        name: "autoscaling/v2.HorizontalPodAutoscalerSpec",
        atomic: false,
        fields: &[
            f("behavior", Object, 440, "", "", Unset, &[], false, false),
            f("metrics", List, 432, "", "", Atomic, &[], false, false),
            f("scaleTargetRef", Object, 431, "", "", Unset, &[], false, false),
        ],
    },
    // 431
    TypeDef {
        name: "autoscaling/v2.CrossVersionObjectReference",
        atomic: false,
        fields: &[],
    },
    // 432
    TypeDef {
        name: "autoscaling/v2.MetricSpec",
        atomic: false,
        fields: &[
            f("containerResource", Object, 438, "", "", Unset, &[], false, false),
            f("external", Object, 439, "", "", Unset, &[], false, false),
            f("object", Object, 433, "", "", Unset, &[], false, false),
            f("pods", Object, 436, "", "", Unset, &[], false, false),
            f("resource", Object, 437, "", "", Unset, &[], false, false),
        ],
    },
    // 433
    TypeDef {
        name: "autoscaling/v2.ObjectMetricSource",
        atomic: false,
        fields: &[
            f("describedObject", Object, 431, "", "", Unset, &[], false, false),
            f("metric", Object, 435, "", "", Unset, &[], false, false),
            f("target", Object, 434, "", "", Unset, &[], false, false),
        ],
    },
    // 434
    TypeDef {
        name: "autoscaling/v2.MetricTarget",
        atomic: false,
        fields: &[],
    },
    // 435
    TypeDef {
        name: "autoscaling/v2.MetricIdentifier",
        atomic: false,
        fields: &[
            f("selector", Object, 73, "", "", Unset, &[], false, false),
        ],
    },
    // 436
    TypeDef {
        name: "autoscaling/v2.PodsMetricSource",
        atomic: false,
        fields: &[
            f("metric", Object, 435, "", "", Unset, &[], false, false),
            f("target", Object, 434, "", "", Unset, &[], false, false),
        ],
    },
    // 437
    TypeDef {
        name: "autoscaling/v2.ResourceMetricSource",
        atomic: false,
        fields: &[
            f("target", Object, 434, "", "", Unset, &[], false, false),
        ],
    },
    // 438
    TypeDef {
        name: "autoscaling/v2.ContainerResourceMetricSource",
        atomic: false,
        fields: &[
            f("target", Object, 434, "", "", Unset, &[], false, false),
        ],
    },
    // 439
    TypeDef {
        name: "autoscaling/v2.ExternalMetricSource",
        atomic: false,
        fields: &[
            f("metric", Object, 435, "", "", Unset, &[], false, false),
            f("target", Object, 434, "", "", Unset, &[], false, false),
        ],
    },
    // 440
    TypeDef {
        name: "autoscaling/v2.HorizontalPodAutoscalerBehavior",
        atomic: false,
        fields: &[
            f("scaleDown", Object, 441, "", "", Unset, &[], false, false),
            f("scaleUp", Object, 441, "", "", Unset, &[], false, false),
        ],
    },
    // 441
    TypeDef {
        name: "autoscaling/v2.HPAScalingRules",
        atomic: false,
        fields: &[
            f("policies", List, 442, "", "", Atomic, &[], false, false),
        ],
    },
    // 442
    TypeDef {
        name: "autoscaling/v2.HPAScalingPolicy",
        atomic: false,
        fields: &[],
    },
    // 443
    TypeDef {
        name: "autoscaling/v2.HorizontalPodAutoscalerStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 451, "merge", "type", Keyed, &["type"], false, true),
            f("currentMetrics", List, 444, "", "", Atomic, &[], false, false),
        ],
    },
    // 444
    TypeDef {
        name: "autoscaling/v2.MetricStatus",
        atomic: false,
        fields: &[
            f("containerResource", Object, 449, "", "", Unset, &[], false, false),
            f("external", Object, 450, "", "", Unset, &[], false, false),
            f("object", Object, 445, "", "", Unset, &[], false, false),
            f("pods", Object, 447, "", "", Unset, &[], false, false),
            f("resource", Object, 448, "", "", Unset, &[], false, false),
        ],
    },
    // 445
    TypeDef {
        name: "autoscaling/v2.ObjectMetricStatus",
        atomic: false,
        fields: &[
            f("current", Object, 446, "", "", Unset, &[], false, false),
            f("describedObject", Object, 431, "", "", Unset, &[], false, false),
            f("metric", Object, 435, "", "", Unset, &[], false, false),
        ],
    },
    // 446
    TypeDef {
        name: "autoscaling/v2.MetricValueStatus",
        atomic: false,
        fields: &[],
    },
    // 447
    TypeDef {
        name: "autoscaling/v2.PodsMetricStatus",
        atomic: false,
        fields: &[
            f("current", Object, 446, "", "", Unset, &[], false, false),
            f("metric", Object, 435, "", "", Unset, &[], false, false),
        ],
    },
    // 448
    TypeDef {
        name: "autoscaling/v2.ResourceMetricStatus",
        atomic: false,
        fields: &[
            f("current", Object, 446, "", "", Unset, &[], false, false),
        ],
    },
    // 449
    TypeDef {
        name: "autoscaling/v2.ContainerResourceMetricStatus",
        atomic: false,
        fields: &[
            f("current", Object, 446, "", "", Unset, &[], false, false),
        ],
    },
    // 450
    TypeDef {
        name: "autoscaling/v2.ExternalMetricStatus",
        atomic: false,
        fields: &[
            f("current", Object, 446, "", "", Unset, &[], false, false),
            f("metric", Object, 435, "", "", Unset, &[], false, false),
        ],
    },
    // 451
    TypeDef {
        name: "autoscaling/v2.HorizontalPodAutoscalerCondition",
        atomic: false,
        fields: &[],
    },
    // 452
    TypeDef {
        name: "policy/v1.Eviction",
        atomic: false,
        fields: &[
            f("deleteOptions", Object, 453, "", "", Unset, &[], false, false),
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
        ],
    },
    // 453
    TypeDef {
        name: "meta/v1.DeleteOptions",
        atomic: false,
        fields: &[
            f("dryRun", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("preconditions", Object, 454, "", "", Unset, &[], false, false),
        ],
    },
    // 454
    TypeDef {
        name: "meta/v1.Preconditions",
        atomic: false,
        fields: &[],
    },
    // 455
    TypeDef {
        name: "policy/v1.PodDisruptionBudget",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 456, "", "", Unset, &[], false, false),
            f("status", Object, 457, "", "", Unset, &[], false, false),
        ],
    },
    // 456
    TypeDef {
        name: "policy/v1.PodDisruptionBudgetSpec",
        atomic: false,
        fields: &[
            f("selector", Object, 73, "replace", "", Unset, &[], false, false),
        ],
    },
    // 457
    TypeDef {
        name: "policy/v1.PodDisruptionBudgetStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 216, "merge", "type", Keyed, &["type"], false, false),
            f("disruptedPods", Map, NO_TYPE, "", "", Unset, &[], false, false),
        ],
    },
    // 458
    TypeDef {
        name: "policy/v1beta1.Eviction",
        atomic: false,
        fields: &[
            f("deleteOptions", Object, 453, "", "", Unset, &[], false, false),
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
        ],
    },
    // 459
    TypeDef {
        name: "policy/v1beta1.PodDisruptionBudget",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 460, "", "", Unset, &[], false, false),
            f("status", Object, 461, "", "", Unset, &[], false, false),
        ],
    },
    // 460
    TypeDef {
        name: "policy/v1beta1.PodDisruptionBudgetSpec",
        atomic: false,
        fields: &[
            f("selector", Object, 73, "", "", Unset, &[], false, false),
        ],
    },
    // 461
    TypeDef {
        name: "policy/v1beta1.PodDisruptionBudgetStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 216, "merge", "type", Keyed, &["type"], false, false),
            f("disruptedPods", Map, NO_TYPE, "", "", Unset, &[], false, false),
        ],
    },
    // 462
    TypeDef {
        name: "storage/v1.CSIDriver",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 463, "", "", Unset, &[], false, false),
        ],
    },
    // 463
    TypeDef {
        name: "storage/v1.CSIDriverSpec",
        atomic: false,
        fields: &[
            f("tokenRequests", List, 464, "", "", Atomic, &[], false, false),
            f("volumeLifecycleModes", List, NO_TYPE, "", "", Set, &[], false, false),
        ],
    },
    // 464
    TypeDef {
        name: "storage/v1.TokenRequest",
        atomic: false,
        fields: &[],
    },
    // 465
    TypeDef {
        name: "storage/v1.CSINode",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 466, "", "", Unset, &[], false, false),
            f("status", Object, 469, "", "", Unset, &[], false, false),
        ],
    },
    // 466
    TypeDef {
        name: "storage/v1.CSINodeSpec",
        atomic: false,
        fields: &[
            f("drivers", List, 467, "merge", "name", Keyed, &["name"], false, false),
        ],
    },
    // 467
    TypeDef {
        name: "storage/v1.CSINodeDriver",
        atomic: false,
        fields: &[
            f("allocatable", Object, 468, "", "", Unset, &[], false, false),
            f("topologyKeys", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 468
    TypeDef {
        name: "storage/v1.VolumeNodeResources",
        atomic: false,
        fields: &[],
    },
    // 469
    TypeDef {
        name: "storage/v1.CSINodeStatus",
        atomic: false,
        fields: &[
            f("storageHealth", List, 470, "merge", "name", Keyed, &["name"], false, true),
        ],
    },
    // 470
    TypeDef {
        name: "storage/v1.StorageHealth",
        atomic: false,
        fields: &[
            f("healthConditions", List, 471, "", "", Atomic, &[], false, false),
        ],
    },
    // 471
    TypeDef {
        name: "storage/v1.StorageHealthCondition",
        atomic: false,
        fields: &[],
    },
    // 472
    TypeDef {
        name: "storage/v1.CSIStorageCapacity",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("nodeTopology", Object, 73, "", "", Unset, &[], false, false),
        ],
    },
    // 473
    TypeDef {
        name: "storage/v1.StorageClass",
        atomic: false,
        fields: &[
            f("allowedTopologies", List, 474, "", "", Atomic, &[], false, false),
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("mountOptions", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("parameters", Map, NO_TYPE, "", "", Unset, &[], false, false),
        ],
    },
    // 474
    TypeDef {
        name: "core/v1.TopologySelectorTerm",
        atomic: true,
        fields: &[
            f("matchLabelExpressions", List, 475, "", "", Atomic, &[], false, false),
        ],
    },
    // 475
    TypeDef {
        name: "core/v1.TopologySelectorLabelRequirement",
        atomic: false,
        fields: &[
            f("values", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 476
    TypeDef {
        name: "storage/v1.VolumeAttachment",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 477, "", "", Unset, &[], false, false),
            f("status", Object, 479, "", "", Unset, &[], false, false),
        ],
    },
    // 477
    TypeDef {
        name: "storage/v1.VolumeAttachmentSpec",
        atomic: false,
        fields: &[
            f("source", Object, 478, "", "", Unset, &[], false, false),
        ],
    },
    // 478
    TypeDef {
        name: "storage/v1.VolumeAttachmentSource",
        atomic: false,
        fields: &[
            f("inlineVolumeSpec", Object, 42, "", "", Unset, &[], false, false),
        ],
    },
    // 479
    TypeDef {
        name: "storage/v1.VolumeAttachmentStatus",
        atomic: false,
        fields: &[
            f("attachError", Object, 480, "", "", Unset, &[], false, false),
            f("attachmentMetadata", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("detachError", Object, 480, "", "", Unset, &[], false, false),
        ],
    },
    // 480
    TypeDef {
        name: "storage/v1.VolumeError",
        atomic: false,
        fields: &[],
    },
    // 481
    TypeDef {
        name: "storage/v1.VolumeAttributesClass",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("parameters", Map, NO_TYPE, "", "", Unset, &[], false, false),
        ],
    },
    // 482
    TypeDef {
        name: "storage/v1beta1.CSIDriver",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 483, "", "", Unset, &[], false, false),
        ],
    },
    // 483
    TypeDef {
        name: "storage/v1beta1.CSIDriverSpec",
        atomic: false,
        fields: &[
            f("tokenRequests", List, 484, "", "", Atomic, &[], false, false),
            f("volumeLifecycleModes", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 484
    TypeDef {
        name: "storage/v1beta1.TokenRequest",
        atomic: false,
        fields: &[],
    },
    // 485
    TypeDef {
        name: "storage/v1beta1.CSINode",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 486, "", "", Unset, &[], false, false),
            f("status", Object, 489, "", "", Unset, &[], false, false),
        ],
    },
    // 486
    TypeDef {
        name: "storage/v1beta1.CSINodeSpec",
        atomic: false,
        fields: &[
            f("drivers", List, 487, "merge", "name", Keyed, &["name"], false, false),
        ],
    },
    // 487
    TypeDef {
        name: "storage/v1beta1.CSINodeDriver",
        atomic: false,
        fields: &[
            f("allocatable", Object, 488, "", "", Unset, &[], false, false),
            f("topologyKeys", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 488
    TypeDef {
        name: "storage/v1beta1.VolumeNodeResources",
        atomic: false,
        fields: &[],
    },
    // 489
    TypeDef {
        name: "storage/v1beta1.CSINodeStatus",
        atomic: false,
        fields: &[
            f("storageHealth", List, 490, "merge", "name", Keyed, &["name"], false, true),
        ],
    },
    // 490
    TypeDef {
        name: "storage/v1beta1.StorageHealth",
        atomic: false,
        fields: &[
            f("healthConditions", List, 491, "", "", Atomic, &[], false, false),
        ],
    },
    // 491
    TypeDef {
        name: "storage/v1beta1.StorageHealthCondition",
        atomic: false,
        fields: &[],
    },
    // 492
    TypeDef {
        name: "storage/v1beta1.CSIStorageCapacity",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("nodeTopology", Object, 73, "", "", Unset, &[], false, false),
        ],
    },
    // 493
    TypeDef {
        name: "storage/v1beta1.StorageClass",
        atomic: false,
        fields: &[
            f("allowedTopologies", List, 474, "", "", Atomic, &[], false, false),
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("mountOptions", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("parameters", Map, NO_TYPE, "", "", Unset, &[], false, false),
        ],
    },
    // 494
    TypeDef {
        name: "storage/v1beta1.VolumeAttachment",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 495, "", "", Unset, &[], false, false),
            f("status", Object, 497, "", "", Unset, &[], false, false),
        ],
    },
    // 495
    TypeDef {
        name: "storage/v1beta1.VolumeAttachmentSpec",
        atomic: false,
        fields: &[
            f("source", Object, 496, "", "", Unset, &[], false, false),
        ],
    },
    // 496
    TypeDef {
        name: "storage/v1beta1.VolumeAttachmentSource",
        atomic: false,
        fields: &[
            f("inlineVolumeSpec", Object, 42, "", "", Unset, &[], false, false),
        ],
    },
    // 497
    TypeDef {
        name: "storage/v1beta1.VolumeAttachmentStatus",
        atomic: false,
        fields: &[
            f("attachError", Object, 498, "", "", Unset, &[], false, false),
            f("attachmentMetadata", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("detachError", Object, 498, "", "", Unset, &[], false, false),
        ],
    },
    // 498
    TypeDef {
        name: "storage/v1beta1.VolumeError",
        atomic: false,
        fields: &[],
    },
    // 499
    TypeDef {
        name: "storage/v1beta1.VolumeAttributesClass",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("parameters", Map, NO_TYPE, "", "", Unset, &[], false, false),
        ],
    },
    // 500
    TypeDef {
        name: "admissionregistration/v1.MutatingAdmissionPolicy",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 501, "", "", Unset, &[], false, false),
        ],
    },
    // 501
    TypeDef {
        name: "admissionregistration/v1.MutatingAdmissionPolicySpec",
        atomic: false,
        fields: &[
            f("matchConditions", List, 509, "merge", "name", Keyed, &["name"], false, true),
            f("matchConstraints", Object, 503, "", "", Unset, &[], false, false),
            f("mutations", List, 506, "", "", Atomic, &[], false, false),
            f("paramKind", Object, 502, "", "", Unset, &[], false, false),
            f("variables", List, 505, "", "", Atomic, &[], false, false),
        ],
    },
    // 502
    TypeDef {
        name: "admissionregistration/v1.ParamKind",
        atomic: true,
        fields: &[],
    },
    // 503
    TypeDef {
        name: "admissionregistration/v1.MatchResources",
        atomic: true,
        fields: &[
            f("excludeResourceRules", List, 504, "", "", Atomic, &[], false, false),
            f("namespaceSelector", Object, 73, "", "", Unset, &[], false, false),
            f("objectSelector", Object, 73, "", "", Unset, &[], false, false),
            f("resourceRules", List, 504, "", "", Atomic, &[], false, false),
        ],
    },
    // 504
    TypeDef {
        name: "admissionregistration/v1.NamedRuleWithOperations",
        atomic: true,
        fields: &[
            f("apiGroups", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("apiVersions", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("operations", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("resourceNames", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("resources", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 505
    TypeDef {
        name: "admissionregistration/v1.Variable",
        atomic: true,
        fields: &[],
    },
    // 506
    TypeDef {
        name: "admissionregistration/v1.Mutation",
        atomic: false,
        fields: &[
            f("applyConfiguration", Object, 507, "", "", Unset, &[], false, false),
            f("jsonPatch", Object, 508, "", "", Unset, &[], false, false),
        ],
    },
    // 507
    TypeDef {
        name: "admissionregistration/v1.ApplyConfiguration",
        atomic: false,
        fields: &[],
    },
    // 508
    TypeDef {
        name: "admissionregistration/v1.JSONPatch",
        atomic: false,
        fields: &[],
    },
    // 509
    TypeDef {
        name: "admissionregistration/v1.MatchCondition",
        atomic: false,
        fields: &[],
    },
    // 510
    TypeDef {
        name: "admissionregistration/v1.MutatingAdmissionPolicyBinding",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 511, "", "", Unset, &[], false, false),
        ],
    },
    // 511
    TypeDef {
        name: "admissionregistration/v1.MutatingAdmissionPolicyBindingSpec",
        atomic: false,
        fields: &[
            f("matchResources", Object, 503, "", "", Unset, &[], false, false),
            f("paramRef", Object, 512, "", "", Unset, &[], false, false),
        ],
    },
    // 512
    TypeDef {
        name: "admissionregistration/v1.ParamRef",
        atomic: true,
        fields: &[
            f("selector", Object, 73, "", "", Unset, &[], false, false),
        ],
    },
    // 513
    TypeDef {
        name: "admissionregistration/v1.MutatingWebhookConfiguration",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("webhooks", List, 514, "merge", "name", Keyed, &["name"], false, false),
        ],
    },
    // 514
    TypeDef {
        name: "admissionregistration/v1.MutatingWebhook",
        atomic: false,
        fields: &[
            f("admissionReviewVersions", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("clientConfig", Object, 515, "", "", Unset, &[], false, false),
            f("matchConditions", List, 509, "merge", "name", Keyed, &["name"], false, true),
            f("namespaceSelector", Object, 73, "", "", Unset, &[], false, false),
            f("objectSelector", Object, 73, "", "", Unset, &[], false, false),
            f("rules", List, 517, "", "", Atomic, &[], false, false),
        ],
    },
    // 515
    TypeDef {
        name: "admissionregistration/v1.WebhookClientConfig",
        atomic: false,
        fields: &[
            f("service", Object, 516, "", "", Unset, &[], false, false),
        ],
    },
    // 516
    TypeDef {
        name: "admissionregistration/v1.ServiceReference",
        atomic: false,
        fields: &[],
    },
    // 517
    TypeDef {
        name: "admissionregistration/v1.RuleWithOperations",
        atomic: false,
        fields: &[
            f("apiGroups", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("apiVersions", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("operations", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("resources", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 518
    TypeDef {
        name: "admissionregistration/v1.ValidatingAdmissionPolicy",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 519, "", "", Unset, &[], false, false),
            f("status", Object, 522, "", "", Unset, &[], false, false),
        ],
    },
    // 519
    TypeDef {
        name: "admissionregistration/v1.ValidatingAdmissionPolicySpec",
        atomic: false,
        fields: &[
            f("auditAnnotations", List, 521, "", "", Atomic, &[], false, false),
            f("matchConditions", List, 509, "merge", "name", Keyed, &["name"], false, true),
            f("matchConstraints", Object, 503, "", "", Unset, &[], false, false),
            f("paramKind", Object, 502, "", "", Unset, &[], false, false),
            f("validations", List, 520, "", "", Atomic, &[], false, false),
            f("variables", List, 505, "merge", "name", Keyed, &["name"], false, true),
        ],
    },
    // 520
    TypeDef {
        name: "admissionregistration/v1.Validation",
        atomic: false,
        fields: &[],
    },
    // 521
    TypeDef {
        name: "admissionregistration/v1.AuditAnnotation",
        atomic: false,
        fields: &[],
    },
    // 522
    TypeDef {
        name: "admissionregistration/v1.ValidatingAdmissionPolicyStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 216, "", "", Keyed, &["type"], false, false),
            f("typeChecking", Object, 523, "", "", Unset, &[], false, false),
        ],
    },
    // 523
    TypeDef {
        name: "admissionregistration/v1.TypeChecking",
        atomic: false,
        fields: &[
            f("expressionWarnings", List, 524, "", "", Atomic, &[], false, false),
        ],
    },
    // 524
    TypeDef {
        name: "admissionregistration/v1.ExpressionWarning",
        atomic: false,
        fields: &[],
    },
    // 525
    TypeDef {
        name: "admissionregistration/v1.ValidatingAdmissionPolicyBinding",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 526, "", "", Unset, &[], false, false),
        ],
    },
    // 526
    TypeDef {
        name: "admissionregistration/v1.ValidatingAdmissionPolicyBindingSpec",
        atomic: false,
        fields: &[
            f("matchResources", Object, 503, "", "", Unset, &[], false, false),
            f("paramRef", Object, 512, "", "", Unset, &[], false, false),
            f("validationActions", List, NO_TYPE, "", "", Set, &[], false, false),
        ],
    },
    // 527
    TypeDef {
        name: "admissionregistration/v1.ValidatingWebhookConfiguration",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("webhooks", List, 528, "merge", "name", Keyed, &["name"], false, false),
        ],
    },
    // 528
    TypeDef {
        name: "admissionregistration/v1.ValidatingWebhook",
        atomic: false,
        fields: &[
            f("admissionReviewVersions", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("clientConfig", Object, 515, "", "", Unset, &[], false, false),
            f("matchConditions", List, 509, "merge", "name", Keyed, &["name"], false, true),
            f("namespaceSelector", Object, 73, "", "", Unset, &[], false, false),
            f("objectSelector", Object, 73, "", "", Unset, &[], false, false),
            f("rules", List, 517, "", "", Atomic, &[], false, false),
        ],
    },
    // 529
    TypeDef {
        name: "admissionregistration/v1beta1.MutatingAdmissionPolicy",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 530, "", "", Unset, &[], false, false),
        ],
    },
    // 530
    TypeDef {
        name: "admissionregistration/v1beta1.MutatingAdmissionPolicySpec",
        atomic: false,
        fields: &[
            f("matchConditions", List, 538, "merge", "name", Keyed, &["name"], false, true),
            f("matchConstraints", Object, 532, "", "", Unset, &[], false, false),
            f("mutations", List, 535, "", "", Atomic, &[], false, false),
            f("paramKind", Object, 531, "", "", Unset, &[], false, false),
            f("variables", List, 534, "", "", Atomic, &[], false, false),
        ],
    },
    // 531
    TypeDef {
        name: "admissionregistration/v1beta1.ParamKind",
        atomic: true,
        fields: &[],
    },
    // 532
    TypeDef {
        name: "admissionregistration/v1beta1.MatchResources",
        atomic: true,
        fields: &[
            f("excludeResourceRules", List, 533, "", "", Atomic, &[], false, false),
            f("namespaceSelector", Object, 73, "", "", Unset, &[], false, false),
            f("objectSelector", Object, 73, "", "", Unset, &[], false, false),
            f("resourceRules", List, 533, "", "", Atomic, &[], false, false),
        ],
    },
    // 533
    TypeDef {
        name: "admissionregistration/v1beta1.NamedRuleWithOperations",
        atomic: true,
        fields: &[
            f("apiGroups", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("apiVersions", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("operations", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("resourceNames", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("resources", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 534
    TypeDef {
        name: "admissionregistration/v1beta1.Variable",
        atomic: true,
        fields: &[],
    },
    // 535
    TypeDef {
        name: "admissionregistration/v1beta1.Mutation",
        atomic: false,
        fields: &[
            f("applyConfiguration", Object, 536, "", "", Unset, &[], false, false),
            f("jsonPatch", Object, 537, "", "", Unset, &[], false, false),
        ],
    },
    // 536
    TypeDef {
        name: "admissionregistration/v1beta1.ApplyConfiguration",
        atomic: false,
        fields: &[],
    },
    // 537
    TypeDef {
        name: "admissionregistration/v1beta1.JSONPatch",
        atomic: false,
        fields: &[],
    },
    // 538
    TypeDef {
        name: "admissionregistration/v1beta1.MatchCondition",
        atomic: false,
        fields: &[],
    },
    // 539
    TypeDef {
        name: "admissionregistration/v1beta1.MutatingAdmissionPolicyBinding",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 540, "", "", Unset, &[], false, false),
        ],
    },
    // 540
    TypeDef {
        name: "admissionregistration/v1beta1.MutatingAdmissionPolicyBindingSpec",
        atomic: false,
        fields: &[
            f("matchResources", Object, 532, "", "", Unset, &[], false, false),
            f("paramRef", Object, 541, "", "", Unset, &[], false, false),
        ],
    },
    // 541
    TypeDef {
        name: "admissionregistration/v1beta1.ParamRef",
        atomic: true,
        fields: &[
            f("selector", Object, 73, "", "", Unset, &[], false, false),
        ],
    },
    // 542
    TypeDef {
        name: "admissionregistration/v1beta1.MutatingWebhookConfiguration",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("webhooks", List, 543, "merge", "name", Keyed, &["name"], false, false),
        ],
    },
    // 543
    TypeDef {
        name: "admissionregistration/v1beta1.MutatingWebhook",
        atomic: false,
        fields: &[
            f("admissionReviewVersions", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("clientConfig", Object, 544, "", "", Unset, &[], false, false),
            f("matchConditions", List, 538, "merge", "name", Keyed, &["name"], false, true),
            f("namespaceSelector", Object, 73, "", "", Unset, &[], false, false),
            f("objectSelector", Object, 73, "", "", Unset, &[], false, false),
            f("rules", List, 517, "", "", Atomic, &[], false, false),
        ],
    },
    // 544
    TypeDef {
        name: "admissionregistration/v1beta1.WebhookClientConfig",
        atomic: false,
        fields: &[
            f("service", Object, 545, "", "", Unset, &[], false, false),
        ],
    },
    // 545
    TypeDef {
        name: "admissionregistration/v1beta1.ServiceReference",
        atomic: false,
        fields: &[],
    },
    // 546
    TypeDef {
        name: "admissionregistration/v1beta1.ValidatingAdmissionPolicy",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 547, "", "", Unset, &[], false, false),
            f("status", Object, 550, "", "", Unset, &[], false, false),
        ],
    },
    // 547
    TypeDef {
        name: "admissionregistration/v1beta1.ValidatingAdmissionPolicySpec",
        atomic: false,
        fields: &[
            f("auditAnnotations", List, 549, "", "", Atomic, &[], false, false),
            f("matchConditions", List, 538, "merge", "name", Keyed, &["name"], false, true),
            f("matchConstraints", Object, 532, "", "", Unset, &[], false, false),
            f("paramKind", Object, 531, "", "", Unset, &[], false, false),
            f("validations", List, 548, "", "", Atomic, &[], false, false),
            f("variables", List, 534, "merge", "name", Keyed, &["name"], false, true),
        ],
    },
    // 548
    TypeDef {
        name: "admissionregistration/v1beta1.Validation",
        atomic: false,
        fields: &[],
    },
    // 549
    TypeDef {
        name: "admissionregistration/v1beta1.AuditAnnotation",
        atomic: false,
        fields: &[],
    },
    // 550
    TypeDef {
        name: "admissionregistration/v1beta1.ValidatingAdmissionPolicyStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 216, "", "", Keyed, &["type"], false, false),
            f("typeChecking", Object, 551, "", "", Unset, &[], false, false),
        ],
    },
    // 551
    TypeDef {
        name: "admissionregistration/v1beta1.TypeChecking",
        atomic: false,
        fields: &[
            f("expressionWarnings", List, 552, "", "", Atomic, &[], false, false),
        ],
    },
    // 552
    TypeDef {
        name: "admissionregistration/v1beta1.ExpressionWarning",
        atomic: false,
        fields: &[],
    },
    // 553
    TypeDef {
        name: "admissionregistration/v1beta1.ValidatingAdmissionPolicyBinding",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 554, "", "", Unset, &[], false, false),
        ],
    },
    // 554
    TypeDef {
        name: "admissionregistration/v1beta1.ValidatingAdmissionPolicyBindingSpec",
        atomic: false,
        fields: &[
            f("matchResources", Object, 532, "", "", Unset, &[], false, false),
            f("paramRef", Object, 541, "", "", Unset, &[], false, false),
            f("validationActions", List, NO_TYPE, "", "", Set, &[], false, false),
        ],
    },
    // 555
    TypeDef {
        name: "admissionregistration/v1beta1.ValidatingWebhookConfiguration",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("webhooks", List, 556, "merge", "name", Keyed, &["name"], false, false),
        ],
    },
    // 556
    TypeDef {
        name: "admissionregistration/v1beta1.ValidatingWebhook",
        atomic: false,
        fields: &[
            f("admissionReviewVersions", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("clientConfig", Object, 544, "", "", Unset, &[], false, false),
            f("matchConditions", List, 538, "merge", "name", Keyed, &["name"], false, true),
            f("namespaceSelector", Object, 73, "", "", Unset, &[], false, false),
            f("objectSelector", Object, 73, "", "", Unset, &[], false, false),
            f("rules", List, 517, "", "", Atomic, &[], false, false),
        ],
    },
    // 557
    TypeDef {
        name: "coordination/v1.Lease",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 558, "", "", Unset, &[], false, false),
        ],
    },
    // 558
    TypeDef {
        name: "coordination/v1.LeaseSpec",
        atomic: false,
        fields: &[],
    },
    // 559
    TypeDef {
        name: "coordination/v1beta1.Lease",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 560, "", "", Unset, &[], false, false),
        ],
    },
    // 560
    TypeDef {
        name: "coordination/v1beta1.LeaseSpec",
        atomic: false,
        fields: &[],
    },
    // 561
    TypeDef {
        name: "coordination/v1beta1.LeaseCandidate",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 562, "", "", Unset, &[], false, false),
        ],
    },
    // 562
    TypeDef {
        name: "coordination/v1beta1.LeaseCandidateSpec",
        atomic: false,
        fields: &[],
    },
    // 563
    TypeDef {
        name: "discovery/v1.EndpointSlice",
        atomic: false,
        fields: &[
            f("endpoints", List, 564, "", "", Atomic, &[], false, false),
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("ports", List, 569, "", "", Atomic, &[], false, false),
        ],
    },
    // 564
    TypeDef {
        name: "discovery/v1.Endpoint",
        atomic: false,
        fields: &[
            f("addresses", List, NO_TYPE, "", "", Set, &[], false, false),
            f("conditions", Object, 565, "", "", Unset, &[], false, false),
            f("deprecatedTopology", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("hints", Object, 566, "", "", Unset, &[], false, false),
            f("targetRef", Object, 4, "", "", Unset, &[], false, false),
        ],
    },
    // 565
    TypeDef {
        name: "discovery/v1.EndpointConditions",
        atomic: false,
        fields: &[],
    },
    // 566
    TypeDef {
        name: "discovery/v1.EndpointHints",
        atomic: false,
        fields: &[
            f("forNodes", List, 568, "", "", Atomic, &[], false, false),
            f("forZones", List, 567, "", "", Atomic, &[], false, false),
        ],
    },
    // 567
    TypeDef {
        name: "discovery/v1.ForZone",
        atomic: false,
        fields: &[],
    },
    // 568
    TypeDef {
        name: "discovery/v1.ForNode",
        atomic: false,
        fields: &[],
    },
    // 569
    TypeDef {
        name: "discovery/v1.EndpointPort",
        atomic: true,
        fields: &[],
    },
    // 570
    TypeDef {
        name: "scheduling/v1.PriorityClass",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
        ],
    },
    // 571
    TypeDef {
        name: "node/v1.RuntimeClass",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("overhead", Object, 572, "", "", Unset, &[], false, false),
            f("scheduling", Object, 573, "", "", Unset, &[], false, false),
        ],
    },
    // 572
    TypeDef {
        name: "node/v1.Overhead",
        atomic: false,
        fields: &[
            f("podFixed", Map, NO_TYPE, "", "", Unset, &[], false, false),
        ],
    },
    // 573
    TypeDef {
        name: "node/v1.Scheduling",
        atomic: false,
        fields: &[
            f("nodeSelector", Map, NO_TYPE, "", "", Unset, &[], true, false),
            f("tolerations", List, 160, "", "", Atomic, &[], false, false),
        ],
    },
    // 574
    TypeDef {
        name: "certificates/v1.CertificateSigningRequest",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 575, "", "", Unset, &[], false, false),
            f("status", Object, 576, "", "", Unset, &[], false, false),
        ],
    },
    // 575
    TypeDef {
        name: "certificates/v1.CertificateSigningRequestSpec",
        atomic: false,
        fields: &[
            f("extra", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("groups", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("usages", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 576
    TypeDef {
        name: "certificates/v1.CertificateSigningRequestStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 577, "", "", Keyed, &["type"], false, false),
        ],
    },
    // 577
    TypeDef {
        name: "certificates/v1.CertificateSigningRequestCondition",
        atomic: false,
        fields: &[],
    },
    // 578
    TypeDef {
        name: "certificates/v1.ClusterTrustBundle",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 579, "", "", Unset, &[], false, false),
        ],
    },
    // 579
    TypeDef {
        name: "certificates/v1.ClusterTrustBundleSpec",
        atomic: false,
        fields: &[],
    },
    // 580
    TypeDef {
        name: "certificates/v1.PodCertificateRequest",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 581, "", "", Unset, &[], false, false),
            f("status", Object, 582, "", "", Unset, &[], false, false),
        ],
    },
    // 581
    TypeDef {
        name: "certificates/v1.PodCertificateRequestSpec",
        atomic: false,
        fields: &[
            f("unverifiedUserAnnotations", Map, NO_TYPE, "", "", Unset, &[], false, false),
        ],
    },
    // 582
    TypeDef {
        name: "certificates/v1.PodCertificateRequestStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 216, "merge", "type", Keyed, &["type"], false, true),
        ],
    },
    // 583
    TypeDef {
        name: "events/v1.Event",
        atomic: false,
        fields: &[
            f("deprecatedSource", Object, 13, "", "", Unset, &[], false, false),
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("regarding", Object, 4, "", "", Unset, &[], false, false),
            f("related", Object, 4, "", "", Unset, &[], false, false),
            f("series", Object, 584, "", "", Unset, &[], false, false),
        ],
    },
    // 584
    TypeDef {
        name: "events/v1.EventSeries",
        atomic: false,
        fields: &[],
    },
    // 585
    TypeDef {
        name: "flowcontrol/v1.FlowSchema",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 586, "", "", Unset, &[], false, false),
            f("status", Object, 596, "", "", Unset, &[], false, false),
        ],
    },
    // 586
    TypeDef {
        name: "flowcontrol/v1.FlowSchemaSpec",
        atomic: false,
        fields: &[
            f("distinguisherMethod", Object, 588, "", "", Unset, &[], false, false),
            f("priorityLevelConfiguration", Object, 587, "", "", Unset, &[], false, false),
            f("rules", List, 589, "", "", Atomic, &[], false, false),
        ],
    },
    // 587
    TypeDef {
        name: "flowcontrol/v1.PriorityLevelConfigurationReference",
        atomic: false,
        fields: &[],
    },
    // 588
    TypeDef {
        name: "flowcontrol/v1.FlowDistinguisherMethod",
        atomic: false,
        fields: &[],
    },
    // 589
    TypeDef {
        name: "flowcontrol/v1.PolicyRulesWithSubjects",
        atomic: false,
        fields: &[
            f("nonResourceRules", List, 595, "", "", Atomic, &[], false, false),
            f("resourceRules", List, 594, "", "", Atomic, &[], false, false),
            f("subjects", List, 590, "", "", Atomic, &[], false, false),
        ],
    },
    // 590
    TypeDef {
        name: "flowcontrol/v1.Subject",
        atomic: false,
        fields: &[
            f("group", Object, 592, "", "", Unset, &[], false, false),
            f("serviceAccount", Object, 593, "", "", Unset, &[], false, false),
            f("user", Object, 591, "", "", Unset, &[], false, false),
        ],
    },
    // 591
    TypeDef {
        name: "flowcontrol/v1.UserSubject",
        atomic: false,
        fields: &[],
    },
    // 592
    TypeDef {
        name: "flowcontrol/v1.GroupSubject",
        atomic: false,
        fields: &[],
    },
    // 593
    TypeDef {
        name: "flowcontrol/v1.ServiceAccountSubject",
        atomic: false,
        fields: &[],
    },
    // 594
    TypeDef {
        name: "flowcontrol/v1.ResourcePolicyRule",
        atomic: false,
        fields: &[
            f("apiGroups", List, NO_TYPE, "", "", Set, &[], false, false),
            f("namespaces", List, NO_TYPE, "", "", Set, &[], false, false),
            f("resources", List, NO_TYPE, "", "", Set, &[], false, false),
            f("verbs", List, NO_TYPE, "", "", Set, &[], false, false),
        ],
    },
    // 595
    TypeDef {
        name: "flowcontrol/v1.NonResourcePolicyRule",
        atomic: false,
        fields: &[
            f("nonResourceURLs", List, NO_TYPE, "", "", Set, &[], false, false),
            f("verbs", List, NO_TYPE, "", "", Set, &[], false, false),
        ],
    },
    // 596
    TypeDef {
        name: "flowcontrol/v1.FlowSchemaStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 597, "merge", "type", Keyed, &["type"], false, true),
        ],
    },
    // 597
    TypeDef {
        name: "flowcontrol/v1.FlowSchemaCondition",
        atomic: false,
        fields: &[],
    },
    // 598
    TypeDef {
        name: "flowcontrol/v1.PriorityLevelConfiguration",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 599, "", "", Unset, &[], false, false),
            f("status", Object, 604, "", "", Unset, &[], false, false),
        ],
    },
    // 599
    TypeDef {
        name: "flowcontrol/v1.PriorityLevelConfigurationSpec",
        atomic: false,
        fields: &[
            f("exempt", Object, 603, "", "", Unset, &[], false, false),
            f("limited", Object, 600, "", "", Unset, &[], false, false),
        ],
    },
    // 600
    TypeDef {
        name: "flowcontrol/v1.LimitedPriorityLevelConfiguration",
        atomic: false,
        fields: &[
            f("limitResponse", Object, 601, "", "", Unset, &[], false, false),
        ],
    },
    // 601
    TypeDef {
        name: "flowcontrol/v1.LimitResponse",
        atomic: false,
        fields: &[
            f("queuing", Object, 602, "", "", Unset, &[], false, false),
        ],
    },
    // 602
    TypeDef {
        name: "flowcontrol/v1.QueuingConfiguration",
        atomic: false,
        fields: &[],
    },
    // 603
    TypeDef {
        name: "flowcontrol/v1.ExemptPriorityLevelConfiguration",
        atomic: false,
        fields: &[],
    },
    // 604
    TypeDef {
        name: "flowcontrol/v1.PriorityLevelConfigurationStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 605, "merge", "type", Keyed, &["type"], false, true),
        ],
    },
    // 605
    TypeDef {
        name: "flowcontrol/v1.PriorityLevelConfigurationCondition",
        atomic: false,
        fields: &[],
    },
    // 606
    TypeDef {
        name: "apiextensions/v1.CustomResourceDefinition",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 607, "", "", Unset, &[], false, false),
            f("status", Object, 622, "", "", Unset, &[], false, false),
        ],
    },
    // 607
    TypeDef {
        name: "apiextensions/v1.CustomResourceDefinitionSpec",
        atomic: false,
        fields: &[
            f("conversion", Object, 618, "", "", Unset, &[], false, false),
            f("names", Object, 608, "", "", Unset, &[], false, false),
            f("versions", List, 609, "", "", Atomic, &[], false, false),
        ],
    },
    // 608
    TypeDef {
        name: "apiextensions/v1.CustomResourceDefinitionNames",
        atomic: false,
        fields: &[
            f("categories", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("shortNames", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 609
    TypeDef {
        name: "apiextensions/v1.CustomResourceDefinitionVersion",
        atomic: false,
        fields: &[
            f("additionalPrinterColumns", List, 616, "", "", Atomic, &[], false, false),
            f("schema", Object, 610, "", "", Unset, &[], false, false),
            f("selectableFields", List, 617, "", "", Atomic, &[], false, false),
            f("subresources", Object, 614, "", "", Unset, &[], false, false),
        ],
    },
    // 610
    TypeDef {
        name: "apiextensions/v1.CustomResourceValidation",
        atomic: false,
        fields: &[
            f("openAPIV3Schema", Object, 611, "", "", Unset, &[], false, false),
        ],
    },
    // 611
    TypeDef {
        name: "apiextensions/v1.JSONSchemaProps",
        atomic: false,
        fields: &[
            f("additionalItems", Object, NO_TYPE, "", "", Unset, &[], false, false),
            f("additionalProperties", Object, NO_TYPE, "", "", Unset, &[], false, false),
            f("allOf", List, 611, "", "", Atomic, &[], false, false),
            f("anyOf", List, 611, "", "", Atomic, &[], false, false),
            f("default", Object, NO_TYPE, "", "", Unset, &[], false, false),
            f("definitions", Map, 611, "", "", Unset, &[], false, false),
            f("dependencies", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("enum", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("example", Object, NO_TYPE, "", "", Unset, &[], false, false),
            f("externalDocs", Object, 612, "", "", Unset, &[], false, false),
            f("items", Object, NO_TYPE, "", "", Unset, &[], false, false),
            f("not", Object, 611, "", "", Unset, &[], false, false),
            f("oneOf", List, 611, "", "", Atomic, &[], false, false),
            f("patternProperties", Map, 611, "", "", Unset, &[], false, false),
            f("properties", Map, 611, "", "", Unset, &[], false, false),
            f("required", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("x-kubernetes-list-map-keys", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("x-kubernetes-validations", List, 613, "merge", "rule", Keyed, &["rule"], false, true),
        ],
    },
    // 612
    TypeDef {
        name: "apiextensions/v1.ExternalDocumentation",
        atomic: false,
        fields: &[],
    },
    // 613
    TypeDef {
        name: "apiextensions/v1.ValidationRule",
        atomic: false,
        fields: &[],
    },
    // 614
    TypeDef {
        name: "apiextensions/v1.CustomResourceSubresources",
        atomic: false,
        fields: &[
            f("scale", Object, 615, "", "", Unset, &[], false, false),
        ],
    },
    // 615
    TypeDef {
        name: "apiextensions/v1.CustomResourceSubresourceScale",
        atomic: false,
        fields: &[],
    },
    // 616
    TypeDef {
        name: "apiextensions/v1.CustomResourceColumnDefinition",
        atomic: false,
        fields: &[],
    },
    // 617
    TypeDef {
        name: "apiextensions/v1.SelectableField",
        atomic: false,
        fields: &[],
    },
    // 618
    TypeDef {
        name: "apiextensions/v1.CustomResourceConversion",
        atomic: false,
        fields: &[
            f("webhook", Object, 619, "", "", Unset, &[], false, false),
        ],
    },
    // 619
    TypeDef {
        name: "apiextensions/v1.WebhookConversion",
        atomic: false,
        fields: &[
            f("clientConfig", Object, 620, "", "", Unset, &[], false, false),
            f("conversionReviewVersions", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 620
    TypeDef {
        name: "apiextensions/v1.WebhookClientConfig",
        atomic: false,
        fields: &[
            f("service", Object, 621, "", "", Unset, &[], false, false),
        ],
    },
    // 621
    TypeDef {
        name: "apiextensions/v1.ServiceReference",
        atomic: false,
        fields: &[],
    },
    // 622
    TypeDef {
        name: "apiextensions/v1.CustomResourceDefinitionStatus",
        atomic: false,
        fields: &[
            f("acceptedNames", Object, 608, "", "", Unset, &[], false, false),
            f("conditions", List, 623, "", "", Keyed, &["type"], false, false),
            f("storedVersions", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 623
    TypeDef {
        name: "apiextensions/v1.CustomResourceDefinitionCondition",
        atomic: false,
        fields: &[],
    },
    // 624
    TypeDef {
        name: "apiextensions/v1beta1.CustomResourceDefinition",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, false),
            f("spec", Object, 625, "", "", Unset, &[], false, false),
            f("status", Object, 639, "", "", Unset, &[], false, false),
        ],
    },
    // 625
    TypeDef {
        name: "apiextensions/v1beta1.CustomResourceDefinitionSpec",
        atomic: false,
        fields: &[
            f("additionalPrinterColumns", List, 634, "", "", Atomic, &[], false, false),
            f("conversion", Object, 636, "", "", Unset, &[], false, false),
            f("names", Object, 626, "", "", Unset, &[], false, false),
            f("selectableFields", List, 635, "", "", Atomic, &[], false, false),
            f("subresources", Object, 631, "", "", Unset, &[], false, false),
            f("validation", Object, 627, "", "", Unset, &[], false, false),
            f("versions", List, 633, "", "", Atomic, &[], false, false),
        ],
    },
    // 626
    TypeDef {
        name: "apiextensions/v1beta1.CustomResourceDefinitionNames",
        atomic: false,
        fields: &[
            f("categories", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("shortNames", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 627
    TypeDef {
        name: "apiextensions/v1beta1.CustomResourceValidation",
        atomic: false,
        fields: &[
            f("openAPIV3Schema", Object, 628, "", "", Unset, &[], false, false),
        ],
    },
    // 628
    TypeDef {
        name: "apiextensions/v1beta1.JSONSchemaProps",
        atomic: false,
        fields: &[
            f("additionalItems", Object, NO_TYPE, "", "", Unset, &[], false, false),
            f("additionalProperties", Object, NO_TYPE, "", "", Unset, &[], false, false),
            f("allOf", List, 628, "", "", Atomic, &[], false, false),
            f("anyOf", List, 628, "", "", Atomic, &[], false, false),
            f("default", Object, NO_TYPE, "", "", Unset, &[], false, false),
            f("definitions", Map, 628, "", "", Unset, &[], false, false),
            f("dependencies", Map, NO_TYPE, "", "", Unset, &[], false, false),
            f("enum", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("example", Object, NO_TYPE, "", "", Unset, &[], false, false),
            f("externalDocs", Object, 629, "", "", Unset, &[], false, false),
            f("items", Object, NO_TYPE, "", "", Unset, &[], false, false),
            f("not", Object, 628, "", "", Unset, &[], false, false),
            f("oneOf", List, 628, "", "", Atomic, &[], false, false),
            f("patternProperties", Map, 628, "", "", Unset, &[], false, false),
            f("properties", Map, 628, "", "", Unset, &[], false, false),
            f("required", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("x-kubernetes-list-map-keys", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("x-kubernetes-validations", List, 630, "merge", "rule", Keyed, &["rule"], false, true),
        ],
    },
    // 629
    TypeDef {
        name: "apiextensions/v1beta1.ExternalDocumentation",
        atomic: false,
        fields: &[],
    },
    // 630
    TypeDef {
        name: "apiextensions/v1beta1.ValidationRule",
        atomic: false,
        fields: &[],
    },
    // 631
    TypeDef {
        name: "apiextensions/v1beta1.CustomResourceSubresources",
        atomic: false,
        fields: &[
            f("scale", Object, 632, "", "", Unset, &[], false, false),
        ],
    },
    // 632
    TypeDef {
        name: "apiextensions/v1beta1.CustomResourceSubresourceScale",
        atomic: false,
        fields: &[],
    },
    // 633
    TypeDef {
        name: "apiextensions/v1beta1.CustomResourceDefinitionVersion",
        atomic: false,
        fields: &[
            f("additionalPrinterColumns", List, 634, "", "", Atomic, &[], false, false),
            f("schema", Object, 627, "", "", Unset, &[], false, false),
            f("selectableFields", List, 635, "", "", Atomic, &[], false, false),
            f("subresources", Object, 631, "", "", Unset, &[], false, false),
        ],
    },
    // 634
    TypeDef {
        name: "apiextensions/v1beta1.CustomResourceColumnDefinition",
        atomic: false,
        fields: &[],
    },
    // 635
    TypeDef {
        name: "apiextensions/v1beta1.SelectableField",
        atomic: false,
        fields: &[],
    },
    // 636
    TypeDef {
        name: "apiextensions/v1beta1.CustomResourceConversion",
        atomic: false,
        fields: &[
            f("conversionReviewVersions", List, NO_TYPE, "", "", Atomic, &[], false, false),
            f("webhookClientConfig", Object, 637, "", "", Unset, &[], false, false),
        ],
    },
    // 637
    TypeDef {
        name: "apiextensions/v1beta1.WebhookClientConfig",
        atomic: false,
        fields: &[
            f("service", Object, 638, "", "", Unset, &[], false, false),
        ],
    },
    // 638
    TypeDef {
        name: "apiextensions/v1beta1.ServiceReference",
        atomic: false,
        fields: &[],
    },
    // 639
    TypeDef {
        name: "apiextensions/v1beta1.CustomResourceDefinitionStatus",
        atomic: false,
        fields: &[
            f("acceptedNames", Object, 626, "", "", Unset, &[], false, false),
            f("conditions", List, 640, "", "", Keyed, &["type"], false, false),
            f("storedVersions", List, NO_TYPE, "", "", Atomic, &[], false, false),
        ],
    },
    // 640
    TypeDef {
        name: "apiextensions/v1beta1.CustomResourceDefinitionCondition",
        atomic: false,
        fields: &[],
    },
];

/// (group, version, kind, index into [`TYPES`]) of every built-in kind covered.
pub(crate) static KINDS: &[(&str, &str, &str, u16)] = &[
    ("", "v1", "Binding", 0),
    ("", "v1", "ComponentStatus", 5),
    ("", "v1", "ConfigMap", 7),
    ("", "v1", "Endpoints", 8),
    ("", "v1", "Event", 12),
    ("", "v1", "LimitRange", 15),
    ("", "v1", "Namespace", 18),
    ("", "v1", "Node", 22),
    ("", "v1", "PersistentVolume", 41),
    ("", "v1", "PersistentVolumeClaim", 71),
    ("", "v1", "Pod", 83),
    ("", "v1", "PodTemplate", 194),
    ("", "v1", "RangeAllocation", 196),
    ("", "v1", "ReplicationController", 197),
    ("", "v1", "ResourceQuota", 201),
    ("", "v1", "Secret", 206),
    ("", "v1", "Service", 207),
    ("", "v1", "ServiceAccount", 217),
    ("apps", "v1", "ControllerRevision", 218),
    ("apps", "v1", "DaemonSet", 219),
    ("apps", "v1", "Deployment", 225),
    ("apps", "v1", "ReplicaSet", 231),
    ("apps", "v1", "StatefulSet", 235),
    ("apps", "v1beta1", "ControllerRevision", 243),
    ("apps", "v1beta1", "Deployment", 244),
    ("apps", "v1beta1", "Scale", 251),
    ("apps", "v1beta1", "StatefulSet", 254),
    ("apps", "v1beta2", "ControllerRevision", 262),
    ("apps", "v1beta2", "DaemonSet", 263),
    ("apps", "v1beta2", "Deployment", 269),
    ("apps", "v1beta2", "ReplicaSet", 275),
    ("apps", "v1beta2", "Scale", 279),
    ("apps", "v1beta2", "StatefulSet", 282),
    ("batch", "v1", "CronJob", 290),
    ("batch", "v1", "Job", 311),
    ("batch", "v1beta1", "CronJob", 315),
    ("networking.k8s.io", "v1", "IPAddress", 319),
    ("networking.k8s.io", "v1", "Ingress", 322),
    ("networking.k8s.io", "v1", "IngressClass", 335),
    ("networking.k8s.io", "v1", "NetworkPolicy", 338),
    ("networking.k8s.io", "v1", "ServiceCIDR", 345),
    ("networking.k8s.io", "v1beta1", "IPAddress", 348),
    ("networking.k8s.io", "v1beta1", "Ingress", 351),
    ("networking.k8s.io", "v1beta1", "IngressClass", 362),
    ("networking.k8s.io", "v1beta1", "ServiceCIDR", 365),
    ("extensions", "v1beta1", "DaemonSet", 368),
    ("extensions", "v1beta1", "Deployment", 374),
    ("extensions", "v1beta1", "Ingress", 381),
    ("extensions", "v1beta1", "NetworkPolicy", 392),
    ("extensions", "v1beta1", "ReplicaSet", 399),
    ("extensions", "v1beta1", "Scale", 403),
    ("rbac.authorization.k8s.io", "v1", "ClusterRole", 406),
    ("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", 409),
    ("rbac.authorization.k8s.io", "v1", "Role", 412),
    ("rbac.authorization.k8s.io", "v1", "RoleBinding", 413),
    ("rbac.authorization.k8s.io", "v1beta1", "ClusterRole", 414),
    ("rbac.authorization.k8s.io", "v1beta1", "ClusterRoleBinding", 417),
    ("rbac.authorization.k8s.io", "v1beta1", "Role", 420),
    ("rbac.authorization.k8s.io", "v1beta1", "RoleBinding", 421),
    ("autoscaling", "v1", "HorizontalPodAutoscaler", 422),
    ("autoscaling", "v1", "Scale", 426),
    ("autoscaling", "v2", "HorizontalPodAutoscaler", 429),
    ("policy", "v1", "Eviction", 452),
    ("policy", "v1", "PodDisruptionBudget", 455),
    ("policy", "v1beta1", "Eviction", 458),
    ("policy", "v1beta1", "PodDisruptionBudget", 459),
    ("storage.k8s.io", "v1", "CSIDriver", 462),
    ("storage.k8s.io", "v1", "CSINode", 465),
    ("storage.k8s.io", "v1", "CSIStorageCapacity", 472),
    ("storage.k8s.io", "v1", "StorageClass", 473),
    ("storage.k8s.io", "v1", "VolumeAttachment", 476),
    ("storage.k8s.io", "v1", "VolumeAttributesClass", 481),
    ("storage.k8s.io", "v1beta1", "CSIDriver", 482),
    ("storage.k8s.io", "v1beta1", "CSINode", 485),
    ("storage.k8s.io", "v1beta1", "CSIStorageCapacity", 492),
    ("storage.k8s.io", "v1beta1", "StorageClass", 493),
    ("storage.k8s.io", "v1beta1", "VolumeAttachment", 494),
    ("storage.k8s.io", "v1beta1", "VolumeAttributesClass", 499),
    ("admissionregistration.k8s.io", "v1", "MutatingAdmissionPolicy", 500),
    ("admissionregistration.k8s.io", "v1", "MutatingAdmissionPolicyBinding", 510),
    ("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", 513),
    ("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicy", 518),
    ("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicyBinding", 525),
    ("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", 527),
    ("admissionregistration.k8s.io", "v1beta1", "MutatingAdmissionPolicy", 529),
    ("admissionregistration.k8s.io", "v1beta1", "MutatingAdmissionPolicyBinding", 539),
    ("admissionregistration.k8s.io", "v1beta1", "MutatingWebhookConfiguration", 542),
    ("admissionregistration.k8s.io", "v1beta1", "ValidatingAdmissionPolicy", 546),
    ("admissionregistration.k8s.io", "v1beta1", "ValidatingAdmissionPolicyBinding", 553),
    ("admissionregistration.k8s.io", "v1beta1", "ValidatingWebhookConfiguration", 555),
    ("coordination.k8s.io", "v1", "Lease", 557),
    ("coordination.k8s.io", "v1beta1", "Lease", 559),
    ("coordination.k8s.io", "v1beta1", "LeaseCandidate", 561),
    ("discovery.k8s.io", "v1", "EndpointSlice", 563),
    ("scheduling.k8s.io", "v1", "PriorityClass", 570),
    ("node.k8s.io", "v1", "RuntimeClass", 571),
    ("certificates.k8s.io", "v1", "CertificateSigningRequest", 574),
    ("certificates.k8s.io", "v1", "ClusterTrustBundle", 578),
    ("certificates.k8s.io", "v1", "PodCertificateRequest", 580),
    ("events.k8s.io", "v1", "Event", 583),
    ("flowcontrol.apiserver.k8s.io", "v1", "FlowSchema", 585),
    ("flowcontrol.apiserver.k8s.io", "v1", "PriorityLevelConfiguration", 598),
    ("apiextensions.k8s.io", "v1", "CustomResourceDefinition", 606),
    ("apiextensions.k8s.io", "v1beta1", "CustomResourceDefinition", 624),
];

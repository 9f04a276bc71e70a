//! GENERATED FILE, do not edit by hand.
//!
//! Patch metadata of the built-in Kubernetes types, derived by a throwaway script
//! from the Go struct tags (`patchStrategy`, `patchMergeKey`) and markers
//! (`+listType`, `+listMapKey`, `+mapType`, `+structType`) of:
//! - k8s.io/api at tag v0.33.13 (commit 63b731b23fe7df9be903976bee691952387abe01)
//! - k8s.io/apimachinery at tag v0.33.13 (commit f091036ab312113e3040ead42ac0110cd22954b8)
//! - k8s.io/apiextensions-apiserver at tag v0.33.13 (commit 81f55747e6f88e2352f50c739300f0f331469d85)
//!
//! Kubernetes 1.33: the version of the workspace's k8s-openapi feature and of the
//! newest kubectl on our machines.
//!
//! The last argument of `f` says how kustomize v5 merges the list. It patches
//! with the Kubernetes 1.21.2 schema (the same repositories at tag v0.21.2):
//! `Replaces` marks merge strategies newer than that (22 fields), and
//! `ByListMapKeys` the lists it matches by all their list-map keys.
//!
//! 589 struct types, 1002 non-scalar fields, 98 kinds. Only non-scalar
//! fields are listed; each Go type appears once and is shared by index.

use crate::schema::ListKind::{Atomic, Map as Keyed, Set, Unset};
use crate::schema::Shape::{List, Map, Object};
use crate::schema::KustomizeMerge::{ByListMapKeys, ByMergeKey, Replaces};
use crate::schema::{NO_TYPE, TypeDef, f};

/// Every struct type reachable from [`KINDS`], indexed by position.
pub(crate) static TYPES: &[TypeDef] = &[
    // 0
    TypeDef {
        name: "core/v1.Binding",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("target", Object, 4, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 1
    TypeDef {
        name: "meta/v1.ObjectMeta",
        atomic: false,
        fields: &[
            f("annotations", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("finalizers", List, NO_TYPE, "merge", "", Set, &[], false, ByMergeKey),
            f("labels", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("managedFields", List, 3, "", "", Atomic, &[], false, ByMergeKey),
            f("ownerReferences", List, 2, "merge", "uid", Keyed, &["uid"], false, ByMergeKey),
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
            f("fieldsV1", Object, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
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
            f("conditions", List, 6, "merge", "type", Keyed, &["type"], false, ByMergeKey),
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
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
            f("binaryData", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("data", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 8
    TypeDef {
        name: "core/v1.Endpoints",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("subsets", List, 9, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 9
    TypeDef {
        name: "core/v1.EndpointSubset",
        atomic: false,
        fields: &[
            f("addresses", List, 10, "", "", Atomic, &[], false, ByMergeKey),
            f("notReadyAddresses", List, 10, "", "", Atomic, &[], false, ByMergeKey),
            f("ports", List, 11, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 10
    TypeDef {
        name: "core/v1.EndpointAddress",
        atomic: true,
        fields: &[
            f("targetRef", Object, 4, "", "", Unset, &[], false, ByMergeKey),
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
            f("involvedObject", Object, 4, "", "", Unset, &[], false, ByMergeKey),
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("related", Object, 4, "", "", Unset, &[], false, ByMergeKey),
            f("series", Object, 14, "", "", Unset, &[], false, ByMergeKey),
            f("source", Object, 13, "", "", Unset, &[], false, ByMergeKey),
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
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 16, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 16
    TypeDef {
        name: "core/v1.LimitRangeSpec",
        atomic: false,
        fields: &[
            f("limits", List, 17, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 17
    TypeDef {
        name: "core/v1.LimitRangeItem",
        atomic: false,
        fields: &[
            f("default", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("defaultRequest", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("max", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("maxLimitRequestRatio", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("min", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 18
    TypeDef {
        name: "core/v1.Namespace",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 19, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 20, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 19
    TypeDef {
        name: "core/v1.NamespaceSpec",
        atomic: false,
        fields: &[
            f("finalizers", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 20
    TypeDef {
        name: "core/v1.NamespaceStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 21, "merge", "type", Keyed, &["type"], false, ByMergeKey),
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
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 23, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 27, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 23
    TypeDef {
        name: "core/v1.NodeSpec",
        atomic: false,
        fields: &[
            f("configSource", Object, 25, "", "", Unset, &[], false, ByMergeKey),
            f("podCIDRs", List, NO_TYPE, "merge", "", Set, &[], false, ByMergeKey),
            f("taints", List, 24, "", "", Atomic, &[], false, ByMergeKey),
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
            f("configMap", Object, 26, "", "", Unset, &[], false, ByMergeKey),
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
        name: "core/v1.NodeStatus",
        atomic: false,
        fields: &[
            f("addresses", List, 29, "merge", "type", Keyed, &["type"], false, ByMergeKey),
            f("allocatable", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("capacity", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("conditions", List, 28, "merge", "type", Keyed, &["type"], false, ByMergeKey),
            f("config", Object, 36, "", "", Unset, &[], false, ByMergeKey),
            f("daemonEndpoints", Object, 30, "", "", Unset, &[], false, ByMergeKey),
            f("features", Object, 39, "", "", Unset, &[], false, ByMergeKey),
            f("images", List, 34, "", "", Atomic, &[], false, ByMergeKey),
            f("nodeInfo", Object, 32, "", "", Unset, &[], false, ByMergeKey),
            f("runtimeHandlers", List, 37, "", "", Atomic, &[], false, ByMergeKey),
            f("volumesAttached", List, 35, "", "", Atomic, &[], false, ByMergeKey),
            f("volumesInUse", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 28
    TypeDef {
        name: "core/v1.NodeCondition",
        atomic: false,
        fields: &[],
    },
    // 29
    TypeDef {
        name: "core/v1.NodeAddress",
        atomic: false,
        fields: &[],
    },
    // 30
    TypeDef {
        name: "core/v1.NodeDaemonEndpoints",
        atomic: false,
        fields: &[
            f("kubeletEndpoint", Object, 31, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 31
    TypeDef {
        name: "core/v1.DaemonEndpoint",
        atomic: false,
        fields: &[],
    },
    // 32
    TypeDef {
        name: "core/v1.NodeSystemInfo",
        atomic: false,
        fields: &[
            f("swap", Object, 33, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 33
    TypeDef {
        name: "core/v1.NodeSwapStatus",
        atomic: false,
        fields: &[],
    },
    // 34
    TypeDef {
        name: "core/v1.ContainerImage",
        atomic: false,
        fields: &[
            f("names", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 35
    TypeDef {
        name: "core/v1.AttachedVolume",
        atomic: false,
        fields: &[],
    },
    // 36
    TypeDef {
        name: "core/v1.NodeConfigStatus",
        atomic: false,
        fields: &[
            f("active", Object, 25, "", "", Unset, &[], false, ByMergeKey),
            f("assigned", Object, 25, "", "", Unset, &[], false, ByMergeKey),
            f("lastKnownGood", Object, 25, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 37
    TypeDef {
        name: "core/v1.NodeRuntimeHandler",
        atomic: false,
        fields: &[
            f("features", Object, 38, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 38
    TypeDef {
        name: "core/v1.NodeRuntimeHandlerFeatures",
        atomic: false,
        fields: &[],
    },
    // 39
    TypeDef {
        name: "core/v1.NodeFeatures",
        atomic: false,
        fields: &[],
    },
    // 40
    TypeDef {
        name: "core/v1.PersistentVolume",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 41, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 69, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 41
    TypeDef {
        name: "core/v1.PersistentVolumeSpec",
        atomic: false,
        fields: &[
            f("accessModes", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("awsElasticBlockStore", Object, 43, "", "", Unset, &[], false, ByMergeKey),
            f("azureDisk", Object, 58, "", "", Unset, &[], false, ByMergeKey),
            f("azureFile", Object, 55, "", "", Unset, &[], false, ByMergeKey),
            f("capacity", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("cephfs", Object, 51, "", "", Unset, &[], false, ByMergeKey),
            f("cinder", Object, 50, "", "", Unset, &[], false, ByMergeKey),
            f("claimRef", Object, 4, "", "", Unset, &[], false, ByMergeKey),
            f("csi", Object, 64, "", "", Unset, &[], false, ByMergeKey),
            f("fc", Object, 52, "", "", Unset, &[], false, ByMergeKey),
            f("flexVolume", Object, 54, "", "", Unset, &[], false, ByMergeKey),
            f("flocker", Object, 53, "", "", Unset, &[], false, ByMergeKey),
            f("gcePersistentDisk", Object, 42, "", "", Unset, &[], false, ByMergeKey),
            f("glusterfs", Object, 45, "", "", Unset, &[], false, ByMergeKey),
            f("hostPath", Object, 44, "", "", Unset, &[], false, ByMergeKey),
            f("iscsi", Object, 49, "", "", Unset, &[], false, ByMergeKey),
            f("local", Object, 62, "", "", Unset, &[], false, ByMergeKey),
            f("mountOptions", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("nfs", Object, 46, "", "", Unset, &[], false, ByMergeKey),
            f("nodeAffinity", Object, 65, "", "", Unset, &[], false, ByMergeKey),
            f("photonPersistentDisk", Object, 59, "", "", Unset, &[], false, ByMergeKey),
            f("portworxVolume", Object, 60, "", "", Unset, &[], false, ByMergeKey),
            f("quobyte", Object, 57, "", "", Unset, &[], false, ByMergeKey),
            f("rbd", Object, 47, "", "", Unset, &[], false, ByMergeKey),
            f("scaleIO", Object, 61, "", "", Unset, &[], false, ByMergeKey),
            f("storageos", Object, 63, "", "", Unset, &[], false, ByMergeKey),
            f("vsphereVolume", Object, 56, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 42
    TypeDef {
        name: "core/v1.GCEPersistentDiskVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 43
    TypeDef {
        name: "core/v1.AWSElasticBlockStoreVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 44
    TypeDef {
        name: "core/v1.HostPathVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 45
    TypeDef {
        name: "core/v1.GlusterfsPersistentVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 46
    TypeDef {
        name: "core/v1.NFSVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 47
    TypeDef {
        name: "core/v1.RBDPersistentVolumeSource",
        atomic: false,
        fields: &[
            f("monitors", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("secretRef", Object, 48, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 48
    TypeDef {
        name: "core/v1.SecretReference",
        atomic: true,
        fields: &[],
    },
    // 49
    TypeDef {
        name: "core/v1.ISCSIPersistentVolumeSource",
        atomic: false,
        fields: &[
            f("portals", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("secretRef", Object, 48, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 50
    TypeDef {
        name: "core/v1.CinderPersistentVolumeSource",
        atomic: false,
        fields: &[
            f("secretRef", Object, 48, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 51
    TypeDef {
        name: "core/v1.CephFSPersistentVolumeSource",
        atomic: false,
        fields: &[
            f("monitors", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("secretRef", Object, 48, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 52
    TypeDef {
        name: "core/v1.FCVolumeSource",
        atomic: false,
        fields: &[
            f("targetWWNs", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("wwids", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 53
    TypeDef {
        name: "core/v1.FlockerVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 54
    TypeDef {
        name: "core/v1.FlexPersistentVolumeSource",
        atomic: false,
        fields: &[
            f("options", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("secretRef", Object, 48, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 55
    TypeDef {
        name: "core/v1.AzureFilePersistentVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 56
    TypeDef {
        name: "core/v1.VsphereVirtualDiskVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 57
    TypeDef {
        name: "core/v1.QuobyteVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 58
    TypeDef {
        name: "core/v1.AzureDiskVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 59
    TypeDef {
        name: "core/v1.PhotonPersistentDiskVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 60
    TypeDef {
        name: "core/v1.PortworxVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 61
    TypeDef {
        name: "core/v1.ScaleIOPersistentVolumeSource",
        atomic: false,
        fields: &[
            f("secretRef", Object, 48, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 62
    TypeDef {
        name: "core/v1.LocalVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 63
    TypeDef {
        name: "core/v1.StorageOSPersistentVolumeSource",
        atomic: false,
        fields: &[
            f("secretRef", Object, 4, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 64
    TypeDef {
        name: "core/v1.CSIPersistentVolumeSource",
        atomic: false,
        fields: &[
            f("controllerExpandSecretRef", Object, 48, "", "", Unset, &[], false, ByMergeKey),
            f("controllerPublishSecretRef", Object, 48, "", "", Unset, &[], false, ByMergeKey),
            f("nodeExpandSecretRef", Object, 48, "", "", Unset, &[], false, ByMergeKey),
            f("nodePublishSecretRef", Object, 48, "", "", Unset, &[], false, ByMergeKey),
            f("nodeStageSecretRef", Object, 48, "", "", Unset, &[], false, ByMergeKey),
            f("volumeAttributes", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 65
    TypeDef {
        name: "core/v1.VolumeNodeAffinity",
        atomic: false,
        fields: &[
            f("required", Object, 66, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 66
    TypeDef {
        name: "core/v1.NodeSelector",
        atomic: true,
        fields: &[
            f("nodeSelectorTerms", List, 67, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 67
    TypeDef {
        name: "core/v1.NodeSelectorTerm",
        atomic: true,
        fields: &[
            f("matchExpressions", List, 68, "", "", Atomic, &[], false, ByMergeKey),
            f("matchFields", List, 68, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 68
    TypeDef {
        name: "core/v1.NodeSelectorRequirement",
        atomic: false,
        fields: &[
            f("values", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 69
    TypeDef {
        name: "core/v1.PersistentVolumeStatus",
        atomic: false,
        fields: &[],
    },
    // 70
    TypeDef {
        name: "core/v1.PersistentVolumeClaim",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 71, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 77, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 71
    TypeDef {
        name: "core/v1.PersistentVolumeClaimSpec",
        atomic: false,
        fields: &[
            f("accessModes", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("dataSource", Object, 75, "", "", Unset, &[], false, ByMergeKey),
            f("dataSourceRef", Object, 76, "", "", Unset, &[], false, ByMergeKey),
            f("resources", Object, 74, "", "", Unset, &[], false, ByMergeKey),
            f("selector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 72
    TypeDef {
        name: "meta/v1.LabelSelector",
        atomic: true,
        fields: &[
            f("matchExpressions", List, 73, "", "", Atomic, &[], false, ByMergeKey),
            f("matchLabels", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 73
    TypeDef {
        name: "meta/v1.LabelSelectorRequirement",
        atomic: false,
        fields: &[
            f("values", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 74
    TypeDef {
        name: "core/v1.VolumeResourceRequirements",
        atomic: false,
        fields: &[
            f("limits", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("requests", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 75
    TypeDef {
        name: "core/v1.TypedLocalObjectReference",
        atomic: true,
        fields: &[],
    },
    // 76
    TypeDef {
        name: "core/v1.TypedObjectReference",
        atomic: false,
        fields: &[],
    },
    // 77
    TypeDef {
        name: "core/v1.PersistentVolumeClaimStatus",
        atomic: false,
        fields: &[
            f("accessModes", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("allocatedResourceStatuses", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("allocatedResources", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("capacity", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("conditions", List, 78, "merge", "type", Keyed, &["type"], false, ByMergeKey),
            f("modifyVolumeStatus", Object, 79, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 78
    TypeDef {
        name: "core/v1.PersistentVolumeClaimCondition",
        atomic: false,
        fields: &[],
    },
    // 79
    TypeDef {
        name: "core/v1.ModifyVolumeStatus",
        atomic: false,
        fields: &[],
    },
    // 80
    TypeDef {
        name: "core/v1.Pod",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 81, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 162, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 81
    TypeDef {
        name: "core/v1.PodSpec",
        atomic: false,
        fields: &[
            f("affinity", Object, 146, "", "", Unset, &[], false, ByMergeKey),
            f("containers", List, 114, "merge", "name", Keyed, &["name"], false, ByMergeKey),
            f("dnsConfig", Object, 155, "", "", Unset, &[], false, ByMergeKey),
            f("ephemeralContainers", List, 143, "merge", "name", Keyed, &["name"], false, ByMergeKey),
            f("hostAliases", List, 154, "merge", "ip", Keyed, &["ip"], false, ByMergeKey),
            f("imagePullSecrets", List, 88, "merge", "name", Keyed, &["name"], false, ByMergeKey),
            f("initContainers", List, 114, "merge", "name", Keyed, &["name"], false, ByMergeKey),
            f("nodeSelector", Map, NO_TYPE, "", "", Unset, &[], true, ByMergeKey),
            f("os", Object, 159, "", "", Unset, &[], false, ByMergeKey),
            f("overhead", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("readinessGates", List, 157, "", "", Atomic, &[], false, ByMergeKey),
            f("resourceClaims", List, 161, "merge,retainKeys", "name", Keyed, &["name"], false, Replaces),
            f("resources", Object, 123, "", "", Unset, &[], false, ByMergeKey),
            f("schedulingGates", List, 160, "merge", "name", Keyed, &["name"], false, Replaces),
            f("securityContext", Object, 144, "", "", Unset, &[], false, ByMergeKey),
            f("tolerations", List, 153, "", "", Atomic, &[], false, ByMergeKey),
            f("topologySpreadConstraints", List, 158, "merge", "topologyKey", Keyed, &["topologyKey", "whenUnsatisfiable"], false, ByListMapKeys),
            f("volumes", List, 82, "merge,retainKeys", "name", Keyed, &["name"], false, ByMergeKey),
        ],
    },
    // 82
    TypeDef {
        name: "core/v1.Volume",
        atomic: false,
        fields: &[
            f("awsElasticBlockStore", Object, 43, "", "", Unset, &[], false, ByMergeKey),
            f("azureDisk", Object, 58, "", "", Unset, &[], false, ByMergeKey),
            f("azureFile", Object, 99, "", "", Unset, &[], false, ByMergeKey),
            f("cephfs", Object, 94, "", "", Unset, &[], false, ByMergeKey),
            f("cinder", Object, 93, "", "", Unset, &[], false, ByMergeKey),
            f("configMap", Object, 100, "", "", Unset, &[], false, ByMergeKey),
            f("csi", Object, 110, "", "", Unset, &[], false, ByMergeKey),
            f("downwardAPI", Object, 95, "", "", Unset, &[], false, ByMergeKey),
            f("emptyDir", Object, 83, "", "", Unset, &[], false, ByMergeKey),
            f("ephemeral", Object, 111, "", "", Unset, &[], false, ByMergeKey),
            f("fc", Object, 52, "", "", Unset, &[], false, ByMergeKey),
            f("flexVolume", Object, 92, "", "", Unset, &[], false, ByMergeKey),
            f("flocker", Object, 53, "", "", Unset, &[], false, ByMergeKey),
            f("gcePersistentDisk", Object, 42, "", "", Unset, &[], false, ByMergeKey),
            f("gitRepo", Object, 84, "", "", Unset, &[], false, ByMergeKey),
            f("glusterfs", Object, 89, "", "", Unset, &[], false, ByMergeKey),
            f("hostPath", Object, 44, "", "", Unset, &[], false, ByMergeKey),
            f("image", Object, 113, "", "", Unset, &[], false, ByMergeKey),
            f("iscsi", Object, 87, "", "", Unset, &[], false, ByMergeKey),
            f("nfs", Object, 46, "", "", Unset, &[], false, ByMergeKey),
            f("persistentVolumeClaim", Object, 90, "", "", Unset, &[], false, ByMergeKey),
            f("photonPersistentDisk", Object, 59, "", "", Unset, &[], false, ByMergeKey),
            f("portworxVolume", Object, 60, "", "", Unset, &[], false, ByMergeKey),
            f("projected", Object, 101, "", "", Unset, &[], false, ByMergeKey),
            f("quobyte", Object, 57, "", "", Unset, &[], false, ByMergeKey),
            f("rbd", Object, 91, "", "", Unset, &[], false, ByMergeKey),
            f("scaleIO", Object, 108, "", "", Unset, &[], false, ByMergeKey),
            f("secret", Object, 85, "", "", Unset, &[], false, ByMergeKey),
            f("storageos", Object, 109, "", "", Unset, &[], false, ByMergeKey),
            f("vsphereVolume", Object, 56, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 83
    TypeDef {
        name: "core/v1.EmptyDirVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 84
    TypeDef {
        name: "core/v1.GitRepoVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 85
    TypeDef {
        name: "core/v1.SecretVolumeSource",
        atomic: false,
        fields: &[
            f("items", List, 86, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 86
    TypeDef {
        name: "core/v1.KeyToPath",
        atomic: false,
        fields: &[],
    },
    // 87
    TypeDef {
        name: "core/v1.ISCSIVolumeSource",
        atomic: false,
        fields: &[
            f("portals", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("secretRef", Object, 88, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 88
    TypeDef {
        name: "core/v1.LocalObjectReference",
        atomic: true,
        fields: &[],
    },
    // 89
    TypeDef {
        name: "core/v1.GlusterfsVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 90
    TypeDef {
        name: "core/v1.PersistentVolumeClaimVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 91
    TypeDef {
        name: "core/v1.RBDVolumeSource",
        atomic: false,
        fields: &[
            f("monitors", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("secretRef", Object, 88, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 92
    TypeDef {
        name: "core/v1.FlexVolumeSource",
        atomic: false,
        fields: &[
            f("options", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("secretRef", Object, 88, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 93
    TypeDef {
        name: "core/v1.CinderVolumeSource",
        atomic: false,
        fields: &[
            f("secretRef", Object, 88, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 94
    TypeDef {
        name: "core/v1.CephFSVolumeSource",
        atomic: false,
        fields: &[
            f("monitors", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("secretRef", Object, 88, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 95
    TypeDef {
        name: "core/v1.DownwardAPIVolumeSource",
        atomic: false,
        fields: &[
            f("items", List, 96, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 96
    TypeDef {
        name: "core/v1.DownwardAPIVolumeFile",
        atomic: false,
        fields: &[
            f("fieldRef", Object, 97, "", "", Unset, &[], false, ByMergeKey),
            f("resourceFieldRef", Object, 98, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 97
    TypeDef {
        name: "core/v1.ObjectFieldSelector",
        atomic: true,
        fields: &[],
    },
    // 98
    TypeDef {
        name: "core/v1.ResourceFieldSelector",
        atomic: true,
        fields: &[],
    },
    // 99
    TypeDef {
        name: "core/v1.AzureFileVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 100
    TypeDef {
        name: "core/v1.ConfigMapVolumeSource",
        atomic: false,
        fields: &[
            f("items", List, 86, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 101
    TypeDef {
        name: "core/v1.ProjectedVolumeSource",
        atomic: false,
        fields: &[
            f("sources", List, 102, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 102
    TypeDef {
        name: "core/v1.VolumeProjection",
        atomic: false,
        fields: &[
            f("clusterTrustBundle", Object, 107, "", "", Unset, &[], false, ByMergeKey),
            f("configMap", Object, 105, "", "", Unset, &[], false, ByMergeKey),
            f("downwardAPI", Object, 104, "", "", Unset, &[], false, ByMergeKey),
            f("secret", Object, 103, "", "", Unset, &[], false, ByMergeKey),
            f("serviceAccountToken", Object, 106, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 103
    TypeDef {
        name: "core/v1.SecretProjection",
        atomic: false,
        fields: &[
            f("items", List, 86, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 104
    TypeDef {
        name: "core/v1.DownwardAPIProjection",
        atomic: false,
        fields: &[
            f("items", List, 96, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 105
    TypeDef {
        name: "core/v1.ConfigMapProjection",
        atomic: false,
        fields: &[
            f("items", List, 86, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 106
    TypeDef {
        name: "core/v1.ServiceAccountTokenProjection",
        atomic: false,
        fields: &[],
    },
    // 107
    TypeDef {
        name: "core/v1.ClusterTrustBundleProjection",
        atomic: false,
        fields: &[
            f("labelSelector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 108
    TypeDef {
        name: "core/v1.ScaleIOVolumeSource",
        atomic: false,
        fields: &[
            f("secretRef", Object, 88, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 109
    TypeDef {
        name: "core/v1.StorageOSVolumeSource",
        atomic: false,
        fields: &[
            f("secretRef", Object, 88, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 110
    TypeDef {
        name: "core/v1.CSIVolumeSource",
        atomic: false,
        fields: &[
            f("nodePublishSecretRef", Object, 88, "", "", Unset, &[], false, ByMergeKey),
            f("volumeAttributes", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 111
    TypeDef {
        name: "core/v1.EphemeralVolumeSource",
        atomic: false,
        fields: &[
            f("volumeClaimTemplate", Object, 112, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 112
    TypeDef {
        name: "core/v1.PersistentVolumeClaimTemplate",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 71, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 113
    TypeDef {
        name: "core/v1.ImageVolumeSource",
        atomic: false,
        fields: &[],
    },
    // 114
    TypeDef {
        name: "core/v1.Container",
        atomic: false,
        fields: &[
            f("args", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("command", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("env", List, 119, "merge", "name", Keyed, &["name"], false, ByMergeKey),
            f("envFrom", List, 116, "", "", Atomic, &[], false, ByMergeKey),
            f("lifecycle", Object, 134, "", "", Unset, &[], false, ByMergeKey),
            f("livenessProbe", Object, 128, "", "", Unset, &[], false, ByMergeKey),
            f("ports", List, 115, "merge", "containerPort", Keyed, &["containerPort", "protocol"], false, ByListMapKeys),
            f("readinessProbe", Object, 128, "", "", Unset, &[], false, ByMergeKey),
            f("resizePolicy", List, 125, "", "", Atomic, &[], false, ByMergeKey),
            f("resources", Object, 123, "", "", Unset, &[], false, ByMergeKey),
            f("securityContext", Object, 137, "", "", Unset, &[], false, ByMergeKey),
            f("startupProbe", Object, 128, "", "", Unset, &[], false, ByMergeKey),
            f("volumeDevices", List, 127, "merge", "devicePath", Keyed, &["devicePath"], false, ByMergeKey),
            f("volumeMounts", List, 126, "merge", "mountPath", Keyed, &["mountPath"], false, ByMergeKey),
        ],
    },
    // 115
    TypeDef {
        name: "core/v1.ContainerPort",
        atomic: false,
        fields: &[],
    },
    // 116
    TypeDef {
        name: "core/v1.EnvFromSource",
        atomic: false,
        fields: &[
            f("configMapRef", Object, 117, "", "", Unset, &[], false, ByMergeKey),
            f("secretRef", Object, 118, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 117
    TypeDef {
        name: "core/v1.ConfigMapEnvSource",
        atomic: false,
        fields: &[],
    },
    // 118
    TypeDef {
        name: "core/v1.SecretEnvSource",
        atomic: false,
        fields: &[],
    },
    // 119
    TypeDef {
        name: "core/v1.EnvVar",
        atomic: false,
        fields: &[
            f("valueFrom", Object, 120, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 120
    TypeDef {
        name: "core/v1.EnvVarSource",
        atomic: false,
        fields: &[
            f("configMapKeyRef", Object, 121, "", "", Unset, &[], false, ByMergeKey),
            f("fieldRef", Object, 97, "", "", Unset, &[], false, ByMergeKey),
            f("resourceFieldRef", Object, 98, "", "", Unset, &[], false, ByMergeKey),
            f("secretKeyRef", Object, 122, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 121
    TypeDef {
        name: "core/v1.ConfigMapKeySelector",
        atomic: true,
        fields: &[],
    },
    // 122
    TypeDef {
        name: "core/v1.SecretKeySelector",
        atomic: true,
        fields: &[],
    },
    // 123
    TypeDef {
        name: "core/v1.ResourceRequirements",
        atomic: false,
        fields: &[
            f("claims", List, 124, "", "", Keyed, &["name"], false, ByMergeKey),
            f("limits", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("requests", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 124
    TypeDef {
        name: "core/v1.ResourceClaim",
        atomic: false,
        fields: &[],
    },
    // 125
    TypeDef {
        name: "core/v1.ContainerResizePolicy",
        atomic: false,
        fields: &[],
    },
    // 126
    TypeDef {
        name: "core/v1.VolumeMount",
        atomic: false,
        fields: &[],
    },
    // 127
    TypeDef {
        name: "core/v1.VolumeDevice",
        atomic: false,
        fields: &[],
    },
    // 128
    TypeDef {
        name: "core/v1.Probe",
        atomic: false,
        fields: &[
            f("exec", Object, 129, "", "", Unset, &[], false, ByMergeKey),
            f("grpc", Object, 133, "", "", Unset, &[], false, ByMergeKey),
            f("httpGet", Object, 130, "", "", Unset, &[], false, ByMergeKey),
            f("tcpSocket", Object, 132, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 129
    TypeDef {
        name: "core/v1.ExecAction",
        atomic: false,
        fields: &[
            f("command", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 130
    TypeDef {
        name: "core/v1.HTTPGetAction",
        atomic: false,
        fields: &[
            f("httpHeaders", List, 131, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 131
    TypeDef {
        name: "core/v1.HTTPHeader",
        atomic: false,
        fields: &[],
    },
    // 132
    TypeDef {
        name: "core/v1.TCPSocketAction",
        atomic: false,
        fields: &[],
    },
    // 133
    TypeDef {
        name: "core/v1.GRPCAction",
        atomic: false,
        fields: &[],
    },
    // 134
    TypeDef {
        name: "core/v1.Lifecycle",
        atomic: false,
        fields: &[
            f("postStart", Object, 135, "", "", Unset, &[], false, ByMergeKey),
            f("preStop", Object, 135, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 135
    TypeDef {
        name: "core/v1.LifecycleHandler",
        atomic: false,
        fields: &[
            f("exec", Object, 129, "", "", Unset, &[], false, ByMergeKey),
            f("httpGet", Object, 130, "", "", Unset, &[], false, ByMergeKey),
            f("sleep", Object, 136, "", "", Unset, &[], false, ByMergeKey),
            f("tcpSocket", Object, 132, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 136
    TypeDef {
        name: "core/v1.SleepAction",
        atomic: false,
        fields: &[],
    },
    // 137
    TypeDef {
        name: "core/v1.SecurityContext",
        atomic: false,
        fields: &[
            f("appArmorProfile", Object, 142, "", "", Unset, &[], false, ByMergeKey),
            f("capabilities", Object, 138, "", "", Unset, &[], false, ByMergeKey),
            f("seLinuxOptions", Object, 139, "", "", Unset, &[], false, ByMergeKey),
            f("seccompProfile", Object, 141, "", "", Unset, &[], false, ByMergeKey),
            f("windowsOptions", Object, 140, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 138
    TypeDef {
        name: "core/v1.Capabilities",
        atomic: false,
        fields: &[
            f("add", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("drop", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 139
    TypeDef {
        name: "core/v1.SELinuxOptions",
        atomic: false,
        fields: &[],
    },
    // 140
    TypeDef {
        name: "core/v1.WindowsSecurityContextOptions",
        atomic: false,
        fields: &[],
    },
    // 141
    TypeDef {
        name: "core/v1.SeccompProfile",
        atomic: false,
        fields: &[],
    },
    // 142
    TypeDef {
        name: "core/v1.AppArmorProfile",
        atomic: false,
        fields: &[],
    },
    // 143
    TypeDef {
        name: "core/v1.EphemeralContainer",
        atomic: false,
        fields: &[
            f("args", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("command", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("env", List, 119, "merge", "name", Keyed, &["name"], false, ByMergeKey),
            f("envFrom", List, 116, "", "", Atomic, &[], false, ByMergeKey),
            f("lifecycle", Object, 134, "", "", Unset, &[], false, ByMergeKey),
            f("livenessProbe", Object, 128, "", "", Unset, &[], false, ByMergeKey),
            f("ports", List, 115, "merge", "containerPort", Keyed, &["containerPort", "protocol"], false, Replaces),
            f("readinessProbe", Object, 128, "", "", Unset, &[], false, ByMergeKey),
            f("resizePolicy", List, 125, "", "", Atomic, &[], false, ByMergeKey),
            f("resources", Object, 123, "", "", Unset, &[], false, ByMergeKey),
            f("securityContext", Object, 137, "", "", Unset, &[], false, ByMergeKey),
            f("startupProbe", Object, 128, "", "", Unset, &[], false, ByMergeKey),
            f("volumeDevices", List, 127, "merge", "devicePath", Keyed, &["devicePath"], false, ByMergeKey),
            f("volumeMounts", List, 126, "merge", "mountPath", Keyed, &["mountPath"], false, ByMergeKey),
        ],
    },
    // 144
    TypeDef {
        name: "core/v1.PodSecurityContext",
        atomic: false,
        fields: &[
            f("appArmorProfile", Object, 142, "", "", Unset, &[], false, ByMergeKey),
            f("seLinuxOptions", Object, 139, "", "", Unset, &[], false, ByMergeKey),
            f("seccompProfile", Object, 141, "", "", Unset, &[], false, ByMergeKey),
            f("supplementalGroups", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("sysctls", List, 145, "", "", Atomic, &[], false, ByMergeKey),
            f("windowsOptions", Object, 140, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 145
    TypeDef {
        name: "core/v1.Sysctl",
        atomic: false,
        fields: &[],
    },
    // 146
    TypeDef {
        name: "core/v1.Affinity",
        atomic: false,
        fields: &[
            f("nodeAffinity", Object, 147, "", "", Unset, &[], false, ByMergeKey),
            f("podAffinity", Object, 149, "", "", Unset, &[], false, ByMergeKey),
            f("podAntiAffinity", Object, 152, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 147
    TypeDef {
        name: "core/v1.NodeAffinity",
        atomic: false,
        fields: &[
            f("preferredDuringSchedulingIgnoredDuringExecution", List, 148, "", "", Atomic, &[], false, ByMergeKey),
            f("requiredDuringSchedulingIgnoredDuringExecution", Object, 66, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 148
    TypeDef {
        name: "core/v1.PreferredSchedulingTerm",
        atomic: false,
        fields: &[
            f("preference", Object, 67, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 149
    TypeDef {
        name: "core/v1.PodAffinity",
        atomic: false,
        fields: &[
            f("preferredDuringSchedulingIgnoredDuringExecution", List, 151, "", "", Atomic, &[], false, ByMergeKey),
            f("requiredDuringSchedulingIgnoredDuringExecution", List, 150, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 150
    TypeDef {
        name: "core/v1.PodAffinityTerm",
        atomic: false,
        fields: &[
            f("labelSelector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("matchLabelKeys", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("mismatchLabelKeys", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("namespaceSelector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("namespaces", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 151
    TypeDef {
        name: "core/v1.WeightedPodAffinityTerm",
        atomic: false,
        fields: &[
            f("podAffinityTerm", Object, 150, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 152
    TypeDef {
        name: "core/v1.PodAntiAffinity",
        atomic: false,
        fields: &[
            f("preferredDuringSchedulingIgnoredDuringExecution", List, 151, "", "", Atomic, &[], false, ByMergeKey),
            f("requiredDuringSchedulingIgnoredDuringExecution", List, 150, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 153
    TypeDef {
        name: "core/v1.Toleration",
        atomic: false,
        fields: &[],
    },
    // 154
    TypeDef {
        name: "core/v1.HostAlias",
        atomic: false,
        fields: &[
            f("hostnames", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 155
    TypeDef {
        name: "core/v1.PodDNSConfig",
        atomic: false,
        fields: &[
            f("nameservers", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("options", List, 156, "", "", Atomic, &[], false, ByMergeKey),
            f("searches", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 156
    TypeDef {
        name: "core/v1.PodDNSConfigOption",
        atomic: false,
        fields: &[],
    },
    // 157
    TypeDef {
        name: "core/v1.PodReadinessGate",
        atomic: false,
        fields: &[],
    },
    // 158
    TypeDef {
        name: "core/v1.TopologySpreadConstraint",
        atomic: false,
        fields: &[
            f("labelSelector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("matchLabelKeys", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 159
    TypeDef {
        name: "core/v1.PodOS",
        atomic: false,
        fields: &[],
    },
    // 160
    TypeDef {
        name: "core/v1.PodSchedulingGate",
        atomic: false,
        fields: &[],
    },
    // 161
    TypeDef {
        name: "core/v1.PodResourceClaim",
        atomic: false,
        fields: &[],
    },
    // 162
    TypeDef {
        name: "core/v1.PodStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 163, "merge", "type", Keyed, &["type"], false, ByMergeKey),
            f("containerStatuses", List, 166, "", "", Atomic, &[], false, ByMergeKey),
            f("ephemeralContainerStatuses", List, 166, "", "", Atomic, &[], false, ByMergeKey),
            f("hostIPs", List, 164, "merge", "ip", Atomic, &[], false, Replaces),
            f("initContainerStatuses", List, 166, "", "", Atomic, &[], false, ByMergeKey),
            f("podIPs", List, 165, "merge", "ip", Keyed, &["ip"], false, ByMergeKey),
            f("resourceClaimStatuses", List, 176, "merge,retainKeys", "name", Keyed, &["name"], false, Replaces),
        ],
    },
    // 163
    TypeDef {
        name: "core/v1.PodCondition",
        atomic: false,
        fields: &[],
    },
    // 164
    TypeDef {
        name: "core/v1.HostIP",
        atomic: false,
        fields: &[],
    },
    // 165
    TypeDef {
        name: "core/v1.PodIP",
        atomic: false,
        fields: &[],
    },
    // 166
    TypeDef {
        name: "core/v1.ContainerStatus",
        atomic: false,
        fields: &[
            f("allocatedResources", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("allocatedResourcesStatus", List, 174, "merge", "name", Keyed, &["name"], false, Replaces),
            f("lastState", Object, 167, "", "", Unset, &[], false, ByMergeKey),
            f("resources", Object, 123, "", "", Unset, &[], false, ByMergeKey),
            f("state", Object, 167, "", "", Unset, &[], false, ByMergeKey),
            f("user", Object, 172, "", "", Unset, &[], false, ByMergeKey),
            f("volumeMounts", List, 171, "merge", "mountPath", Keyed, &["mountPath"], false, Replaces),
        ],
    },
    // 167
    TypeDef {
        name: "core/v1.ContainerState",
        atomic: false,
        fields: &[
            f("running", Object, 169, "", "", Unset, &[], false, ByMergeKey),
            f("terminated", Object, 170, "", "", Unset, &[], false, ByMergeKey),
            f("waiting", Object, 168, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 168
    TypeDef {
        name: "core/v1.ContainerStateWaiting",
        atomic: false,
        fields: &[],
    },
    // 169
    TypeDef {
        name: "core/v1.ContainerStateRunning",
        atomic: false,
        fields: &[],
    },
    // 170
    TypeDef {
        name: "core/v1.ContainerStateTerminated",
        atomic: false,
        fields: &[],
    },
    // 171
    TypeDef {
        name: "core/v1.VolumeMountStatus",
        atomic: false,
        fields: &[],
    },
    // 172
    TypeDef {
        name: "core/v1.ContainerUser",
        atomic: false,
        fields: &[
            f("linux", Object, 173, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 173
    TypeDef {
        name: "core/v1.LinuxContainerUser",
        atomic: false,
        fields: &[
            f("supplementalGroups", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 174
    TypeDef {
        name: "core/v1.ResourceStatus",
        atomic: false,
        fields: &[
            f("resources", List, 175, "", "", Keyed, &["resourceID"], false, ByMergeKey),
        ],
    },
    // 175
    TypeDef {
        name: "core/v1.ResourceHealth",
        atomic: false,
        fields: &[],
    },
    // 176
    TypeDef {
        name: "core/v1.PodResourceClaimStatus",
        atomic: false,
        fields: &[],
    },
    // 177
    TypeDef {
        name: "core/v1.PodStatusResult",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 162, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 178
    TypeDef {
        name: "core/v1.PodTemplate",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("template", Object, 179, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 179
    TypeDef {
        name: "core/v1.PodTemplateSpec",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 81, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 180
    TypeDef {
        name: "core/v1.RangeAllocation",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 181
    TypeDef {
        name: "core/v1.ReplicationController",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 182, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 183, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 182
    TypeDef {
        name: "core/v1.ReplicationControllerSpec",
        atomic: false,
        fields: &[
            f("selector", Map, NO_TYPE, "", "", Unset, &[], true, ByMergeKey),
            f("template", Object, 179, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 183
    TypeDef {
        name: "core/v1.ReplicationControllerStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 184, "merge", "type", Keyed, &["type"], false, ByMergeKey),
        ],
    },
    // 184
    TypeDef {
        name: "core/v1.ReplicationControllerCondition",
        atomic: false,
        fields: &[],
    },
    // 185
    TypeDef {
        name: "core/v1.ResourceQuota",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 186, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 189, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 186
    TypeDef {
        name: "core/v1.ResourceQuotaSpec",
        atomic: false,
        fields: &[
            f("hard", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("scopeSelector", Object, 187, "", "", Unset, &[], false, ByMergeKey),
            f("scopes", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 187
    TypeDef {
        name: "core/v1.ScopeSelector",
        atomic: true,
        fields: &[
            f("matchExpressions", List, 188, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 188
    TypeDef {
        name: "core/v1.ScopedResourceSelectorRequirement",
        atomic: false,
        fields: &[
            f("values", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 189
    TypeDef {
        name: "core/v1.ResourceQuotaStatus",
        atomic: false,
        fields: &[
            f("hard", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("used", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 190
    TypeDef {
        name: "core/v1.Secret",
        atomic: false,
        fields: &[
            f("data", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("stringData", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 191
    TypeDef {
        name: "core/v1.Service",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 192, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 196, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 192
    TypeDef {
        name: "core/v1.ServiceSpec",
        atomic: false,
        fields: &[
            f("clusterIPs", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("externalIPs", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("ipFamilies", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("loadBalancerSourceRanges", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("ports", List, 193, "merge", "port", Keyed, &["port", "protocol"], false, ByListMapKeys),
            f("selector", Map, NO_TYPE, "", "", Unset, &[], true, ByMergeKey),
            f("sessionAffinityConfig", Object, 194, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 193
    TypeDef {
        name: "core/v1.ServicePort",
        atomic: false,
        fields: &[],
    },
    // 194
    TypeDef {
        name: "core/v1.SessionAffinityConfig",
        atomic: false,
        fields: &[
            f("clientIP", Object, 195, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 195
    TypeDef {
        name: "core/v1.ClientIPConfig",
        atomic: false,
        fields: &[],
    },
    // 196
    TypeDef {
        name: "core/v1.ServiceStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 200, "merge", "type", Keyed, &["type"], false, ByMergeKey),
            f("loadBalancer", Object, 197, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 197
    TypeDef {
        name: "core/v1.LoadBalancerStatus",
        atomic: false,
        fields: &[
            f("ingress", List, 198, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 198
    TypeDef {
        name: "core/v1.LoadBalancerIngress",
        atomic: false,
        fields: &[
            f("ports", List, 199, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 199
    TypeDef {
        name: "core/v1.PortStatus",
        atomic: false,
        fields: &[],
    },
    // 200
    TypeDef {
        name: "meta/v1.Condition",
        atomic: false,
        fields: &[],
    },
    // 201
    TypeDef {
        name: "core/v1.ServiceAccount",
        atomic: false,
        fields: &[
            f("imagePullSecrets", List, 88, "", "", Atomic, &[], false, ByMergeKey),
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("secrets", List, 4, "merge", "name", Keyed, &["name"], false, ByMergeKey),
        ],
    },
    // 202
    TypeDef {
        name: "apps/v1.ControllerRevision",
        atomic: false,
        fields: &[
            f("data", Object, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 203
    TypeDef {
        name: "apps/v1.DaemonSet",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 204, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 207, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 204
    TypeDef {
        name: "apps/v1.DaemonSetSpec",
        atomic: false,
        fields: &[
            f("selector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("template", Object, 179, "", "", Unset, &[], false, ByMergeKey),
            f("updateStrategy", Object, 205, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 205
    TypeDef {
        name: "apps/v1.DaemonSetUpdateStrategy",
        atomic: false,
        fields: &[
            f("rollingUpdate", Object, 206, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 206
    TypeDef {
        name: "apps/v1.RollingUpdateDaemonSet",
        atomic: false,
        fields: &[],
    },
    // 207
    TypeDef {
        name: "apps/v1.DaemonSetStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 208, "merge", "type", Keyed, &["type"], false, ByMergeKey),
        ],
    },
    // 208
    TypeDef {
        name: "apps/v1.DaemonSetCondition",
        atomic: false,
        fields: &[],
    },
    // 209
    TypeDef {
        name: "apps/v1.Deployment",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 210, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 213, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 210
    TypeDef {
        name: "apps/v1.DeploymentSpec",
        atomic: false,
        fields: &[
            f("selector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("strategy", Object, 211, "retainKeys", "", Unset, &[], false, ByMergeKey),
            f("template", Object, 179, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 211
    TypeDef {
        name: "apps/v1.DeploymentStrategy",
        atomic: false,
        fields: &[
            f("rollingUpdate", Object, 212, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 212
    TypeDef {
        name: "apps/v1.RollingUpdateDeployment",
        atomic: false,
        fields: &[],
    },
    // 213
    TypeDef {
        name: "apps/v1.DeploymentStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 214, "merge", "type", Keyed, &["type"], false, ByMergeKey),
        ],
    },
    // 214
    TypeDef {
        name: "apps/v1.DeploymentCondition",
        atomic: false,
        fields: &[],
    },
    // 215
    TypeDef {
        name: "apps/v1.ReplicaSet",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 216, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 217, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 216
    TypeDef {
        name: "apps/v1.ReplicaSetSpec",
        atomic: false,
        fields: &[
            f("selector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("template", Object, 179, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 217
    TypeDef {
        name: "apps/v1.ReplicaSetStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 218, "merge", "type", Keyed, &["type"], false, ByMergeKey),
        ],
    },
    // 218
    TypeDef {
        name: "apps/v1.ReplicaSetCondition",
        atomic: false,
        fields: &[],
    },
    // 219
    TypeDef {
        name: "apps/v1.StatefulSet",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 220, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 225, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 220
    TypeDef {
        name: "apps/v1.StatefulSetSpec",
        atomic: false,
        fields: &[
            f("ordinals", Object, 224, "", "", Unset, &[], false, ByMergeKey),
            f("persistentVolumeClaimRetentionPolicy", Object, 223, "", "", Unset, &[], false, ByMergeKey),
            f("selector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("template", Object, 179, "", "", Unset, &[], false, ByMergeKey),
            f("updateStrategy", Object, 221, "", "", Unset, &[], false, ByMergeKey),
            f("volumeClaimTemplates", List, 70, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 221
    TypeDef {
        name: "apps/v1.StatefulSetUpdateStrategy",
        atomic: false,
        fields: &[
            f("rollingUpdate", Object, 222, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 222
    TypeDef {
        name: "apps/v1.RollingUpdateStatefulSetStrategy",
        atomic: false,
        fields: &[],
    },
    // 223
    TypeDef {
        name: "apps/v1.StatefulSetPersistentVolumeClaimRetentionPolicy",
        atomic: false,
        fields: &[],
    },
    // 224
    TypeDef {
        name: "apps/v1.StatefulSetOrdinals",
        atomic: false,
        fields: &[],
    },
    // 225
    TypeDef {
        name: "apps/v1.StatefulSetStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 226, "merge", "type", Keyed, &["type"], false, ByMergeKey),
        ],
    },
    // 226
    TypeDef {
        name: "apps/v1.StatefulSetCondition",
        atomic: false,
        fields: &[],
    },
    // 227
    TypeDef {
        name: "apps/v1beta1.ControllerRevision",
        atomic: false,
        fields: &[
            f("data", Object, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 228
    TypeDef {
        name: "apps/v1beta1.Deployment",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 229, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 233, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 229
    TypeDef {
        name: "apps/v1beta1.DeploymentSpec",
        atomic: false,
        fields: &[
            f("rollbackTo", Object, 232, "", "", Unset, &[], false, ByMergeKey),
            f("selector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("strategy", Object, 230, "retainKeys", "", Unset, &[], false, ByMergeKey),
            f("template", Object, 179, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 230
    TypeDef {
        name: "apps/v1beta1.DeploymentStrategy",
        atomic: false,
        fields: &[
            f("rollingUpdate", Object, 231, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 231
    TypeDef {
        name: "apps/v1beta1.RollingUpdateDeployment",
        atomic: false,
        fields: &[],
    },
    // 232
    TypeDef {
        name: "apps/v1beta1.RollbackConfig",
        atomic: false,
        fields: &[],
    },
    // 233
    TypeDef {
        name: "apps/v1beta1.DeploymentStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 234, "merge", "type", Keyed, &["type"], false, ByMergeKey),
        ],
    },
    // 234
    TypeDef {
        name: "apps/v1beta1.DeploymentCondition",
        atomic: false,
        fields: &[],
    },
    // 235
    TypeDef {
        name: "apps/v1beta1.Scale",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 236, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 237, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 236
    TypeDef {
        name: "apps/v1beta1.ScaleSpec",
        atomic: false,
        fields: &[],
    },
    // 237
    TypeDef {
        name: "apps/v1beta1.ScaleStatus",
        atomic: false,
        fields: &[
            f("selector", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 238
    TypeDef {
        name: "apps/v1beta1.StatefulSet",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 239, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 244, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 239
    TypeDef {
        name: "apps/v1beta1.StatefulSetSpec",
        atomic: false,
        fields: &[
            f("ordinals", Object, 243, "", "", Unset, &[], false, ByMergeKey),
            f("persistentVolumeClaimRetentionPolicy", Object, 242, "", "", Unset, &[], false, ByMergeKey),
            f("selector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("template", Object, 179, "", "", Unset, &[], false, ByMergeKey),
            f("updateStrategy", Object, 240, "", "", Unset, &[], false, ByMergeKey),
            f("volumeClaimTemplates", List, 70, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 240
    TypeDef {
        name: "apps/v1beta1.StatefulSetUpdateStrategy",
        atomic: false,
        fields: &[
            f("rollingUpdate", Object, 241, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 241
    TypeDef {
        name: "apps/v1beta1.RollingUpdateStatefulSetStrategy",
        atomic: false,
        fields: &[],
    },
    // 242
    TypeDef {
        name: "apps/v1beta1.StatefulSetPersistentVolumeClaimRetentionPolicy",
        atomic: false,
        fields: &[],
    },
    // 243
    TypeDef {
        name: "apps/v1beta1.StatefulSetOrdinals",
        atomic: false,
        fields: &[],
    },
    // 244
    TypeDef {
        name: "apps/v1beta1.StatefulSetStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 245, "merge", "type", Keyed, &["type"], false, ByMergeKey),
        ],
    },
    // 245
    TypeDef {
        name: "apps/v1beta1.StatefulSetCondition",
        atomic: false,
        fields: &[],
    },
    // 246
    TypeDef {
        name: "apps/v1beta2.ControllerRevision",
        atomic: false,
        fields: &[
            f("data", Object, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 247
    TypeDef {
        name: "apps/v1beta2.DaemonSet",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 248, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 251, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 248
    TypeDef {
        name: "apps/v1beta2.DaemonSetSpec",
        atomic: false,
        fields: &[
            f("selector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("template", Object, 179, "", "", Unset, &[], false, ByMergeKey),
            f("updateStrategy", Object, 249, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 249
    TypeDef {
        name: "apps/v1beta2.DaemonSetUpdateStrategy",
        atomic: false,
        fields: &[
            f("rollingUpdate", Object, 250, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 250
    TypeDef {
        name: "apps/v1beta2.RollingUpdateDaemonSet",
        atomic: false,
        fields: &[],
    },
    // 251
    TypeDef {
        name: "apps/v1beta2.DaemonSetStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 252, "merge", "type", Keyed, &["type"], false, ByMergeKey),
        ],
    },
    // 252
    TypeDef {
        name: "apps/v1beta2.DaemonSetCondition",
        atomic: false,
        fields: &[],
    },
    // 253
    TypeDef {
        name: "apps/v1beta2.Deployment",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 254, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 257, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 254
    TypeDef {
        name: "apps/v1beta2.DeploymentSpec",
        atomic: false,
        fields: &[
            f("selector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("strategy", Object, 255, "retainKeys", "", Unset, &[], false, ByMergeKey),
            f("template", Object, 179, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 255
    TypeDef {
        name: "apps/v1beta2.DeploymentStrategy",
        atomic: false,
        fields: &[
            f("rollingUpdate", Object, 256, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 256
    TypeDef {
        name: "apps/v1beta2.RollingUpdateDeployment",
        atomic: false,
        fields: &[],
    },
    // 257
    TypeDef {
        name: "apps/v1beta2.DeploymentStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 258, "merge", "type", Keyed, &["type"], false, ByMergeKey),
        ],
    },
    // 258
    TypeDef {
        name: "apps/v1beta2.DeploymentCondition",
        atomic: false,
        fields: &[],
    },
    // 259
    TypeDef {
        name: "apps/v1beta2.ReplicaSet",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 260, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 261, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 260
    TypeDef {
        name: "apps/v1beta2.ReplicaSetSpec",
        atomic: false,
        fields: &[
            f("selector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("template", Object, 179, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 261
    TypeDef {
        name: "apps/v1beta2.ReplicaSetStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 262, "merge", "type", Keyed, &["type"], false, ByMergeKey),
        ],
    },
    // 262
    TypeDef {
        name: "apps/v1beta2.ReplicaSetCondition",
        atomic: false,
        fields: &[],
    },
    // 263
    TypeDef {
        name: "apps/v1beta2.Scale",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 264, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 265, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 264
    TypeDef {
        name: "apps/v1beta2.ScaleSpec",
        atomic: false,
        fields: &[],
    },
    // 265
    TypeDef {
        name: "apps/v1beta2.ScaleStatus",
        atomic: false,
        fields: &[
            f("selector", Map, NO_TYPE, "", "", Unset, &[], true, ByMergeKey),
        ],
    },
    // 266
    TypeDef {
        name: "apps/v1beta2.StatefulSet",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 267, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 272, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 267
    TypeDef {
        name: "apps/v1beta2.StatefulSetSpec",
        atomic: false,
        fields: &[
            f("ordinals", Object, 271, "", "", Unset, &[], false, ByMergeKey),
            f("persistentVolumeClaimRetentionPolicy", Object, 270, "", "", Unset, &[], false, ByMergeKey),
            f("selector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("template", Object, 179, "", "", Unset, &[], false, ByMergeKey),
            f("updateStrategy", Object, 268, "", "", Unset, &[], false, ByMergeKey),
            f("volumeClaimTemplates", List, 70, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 268
    TypeDef {
        name: "apps/v1beta2.StatefulSetUpdateStrategy",
        atomic: false,
        fields: &[
            f("rollingUpdate", Object, 269, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 269
    TypeDef {
        name: "apps/v1beta2.RollingUpdateStatefulSetStrategy",
        atomic: false,
        fields: &[],
    },
    // 270
    TypeDef {
        name: "apps/v1beta2.StatefulSetPersistentVolumeClaimRetentionPolicy",
        atomic: false,
        fields: &[],
    },
    // 271
    TypeDef {
        name: "apps/v1beta2.StatefulSetOrdinals",
        atomic: false,
        fields: &[],
    },
    // 272
    TypeDef {
        name: "apps/v1beta2.StatefulSetStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 273, "merge", "type", Keyed, &["type"], false, ByMergeKey),
        ],
    },
    // 273
    TypeDef {
        name: "apps/v1beta2.StatefulSetCondition",
        atomic: false,
        fields: &[],
    },
    // 274
    TypeDef {
        name: "batch/v1.CronJob",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 275, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 284, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 275
    TypeDef {
        name: "batch/v1.CronJobSpec",
        atomic: false,
        fields: &[
            f("jobTemplate", Object, 276, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 276
    TypeDef {
        name: "batch/v1.JobTemplateSpec",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 277, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 277
    TypeDef {
        name: "batch/v1.JobSpec",
        atomic: false,
        fields: &[
            f("podFailurePolicy", Object, 278, "", "", Unset, &[], false, ByMergeKey),
            f("selector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("successPolicy", Object, 282, "", "", Unset, &[], false, ByMergeKey),
            f("template", Object, 179, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 278
    TypeDef {
        name: "batch/v1.PodFailurePolicy",
        atomic: false,
        fields: &[
            f("rules", List, 279, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 279
    TypeDef {
        name: "batch/v1.PodFailurePolicyRule",
        atomic: false,
        fields: &[
            f("onExitCodes", Object, 280, "", "", Unset, &[], false, ByMergeKey),
            f("onPodConditions", List, 281, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 280
    TypeDef {
        name: "batch/v1.PodFailurePolicyOnExitCodesRequirement",
        atomic: false,
        fields: &[
            f("values", List, NO_TYPE, "", "", Set, &[], false, ByMergeKey),
        ],
    },
    // 281
    TypeDef {
        name: "batch/v1.PodFailurePolicyOnPodConditionsPattern",
        atomic: false,
        fields: &[],
    },
    // 282
    TypeDef {
        name: "batch/v1.SuccessPolicy",
        atomic: false,
        fields: &[
            f("rules", List, 283, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 283
    TypeDef {
        name: "batch/v1.SuccessPolicyRule",
        atomic: false,
        fields: &[],
    },
    // 284
    TypeDef {
        name: "batch/v1.CronJobStatus",
        atomic: false,
        fields: &[
            f("active", List, 4, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 285
    TypeDef {
        name: "batch/v1.Job",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 277, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 286, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 286
    TypeDef {
        name: "batch/v1.JobStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 287, "merge", "type", Atomic, &[], false, ByMergeKey),
            f("uncountedTerminatedPods", Object, 288, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 287
    TypeDef {
        name: "batch/v1.JobCondition",
        atomic: false,
        fields: &[],
    },
    // 288
    TypeDef {
        name: "batch/v1.UncountedTerminatedPods",
        atomic: false,
        fields: &[
            f("failed", List, NO_TYPE, "", "", Set, &[], false, ByMergeKey),
            f("succeeded", List, NO_TYPE, "", "", Set, &[], false, ByMergeKey),
        ],
    },
    // 289
    TypeDef {
        name: "batch/v1beta1.CronJob",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 290, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 292, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 290
    TypeDef {
        name: "batch/v1beta1.CronJobSpec",
        atomic: false,
        fields: &[
            f("jobTemplate", Object, 291, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 291
    TypeDef {
        name: "batch/v1beta1.JobTemplateSpec",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 277, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 292
    TypeDef {
        name: "batch/v1beta1.CronJobStatus",
        atomic: false,
        fields: &[
            f("active", List, 4, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 293
    TypeDef {
        name: "networking/v1.IPAddress",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 294, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 294
    TypeDef {
        name: "networking/v1.IPAddressSpec",
        atomic: false,
        fields: &[
            f("parentRef", Object, 295, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 295
    TypeDef {
        name: "networking/v1.ParentReference",
        atomic: false,
        fields: &[],
    },
    // 296
    TypeDef {
        name: "networking/v1.Ingress",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 297, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 305, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 297
    TypeDef {
        name: "networking/v1.IngressSpec",
        atomic: false,
        fields: &[
            f("defaultBackend", Object, 298, "", "", Unset, &[], false, ByMergeKey),
            f("rules", List, 302, "", "", Atomic, &[], false, ByMergeKey),
            f("tls", List, 301, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 298
    TypeDef {
        name: "networking/v1.IngressBackend",
        atomic: false,
        fields: &[
            f("resource", Object, 75, "", "", Unset, &[], false, ByMergeKey),
            f("service", Object, 299, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 299
    TypeDef {
        name: "networking/v1.IngressServiceBackend",
        atomic: false,
        fields: &[
            f("port", Object, 300, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 300
    TypeDef {
        name: "networking/v1.ServiceBackendPort",
        atomic: true,
        fields: &[],
    },
    // 301
    TypeDef {
        name: "networking/v1.IngressTLS",
        atomic: false,
        fields: &[
            f("hosts", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 302
    TypeDef {
        name: "networking/v1.IngressRule",
        atomic: false,
        fields: &[
            f("http", Object, 303, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 303
    TypeDef {
        name: "networking/v1.HTTPIngressRuleValue",
        atomic: false,
        fields: &[
            f("paths", List, 304, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 304
    TypeDef {
        name: "networking/v1.HTTPIngressPath",
        atomic: false,
        fields: &[
            f("backend", Object, 298, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 305
    TypeDef {
        name: "networking/v1.IngressStatus",
        atomic: false,
        fields: &[
            f("loadBalancer", Object, 306, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 306
    TypeDef {
        name: "networking/v1.IngressLoadBalancerStatus",
        atomic: false,
        fields: &[
            f("ingress", List, 307, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 307
    TypeDef {
        name: "networking/v1.IngressLoadBalancerIngress",
        atomic: false,
        fields: &[
            f("ports", List, 308, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 308
    TypeDef {
        name: "networking/v1.IngressPortStatus",
        atomic: false,
        fields: &[],
    },
    // 309
    TypeDef {
        name: "networking/v1.IngressClass",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 310, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 310
    TypeDef {
        name: "networking/v1.IngressClassSpec",
        atomic: false,
        fields: &[
            f("parameters", Object, 311, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 311
    TypeDef {
        name: "networking/v1.IngressClassParametersReference",
        atomic: false,
        fields: &[],
    },
    // 312
    TypeDef {
        name: "networking/v1.NetworkPolicy",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 313, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 313
    TypeDef {
        name: "networking/v1.NetworkPolicySpec",
        atomic: false,
        fields: &[
            f("egress", List, 318, "", "", Atomic, &[], false, ByMergeKey),
            f("ingress", List, 314, "", "", Atomic, &[], false, ByMergeKey),
            f("podSelector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("policyTypes", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 314
    TypeDef {
        name: "networking/v1.NetworkPolicyIngressRule",
        atomic: false,
        fields: &[
            f("from", List, 316, "", "", Atomic, &[], false, ByMergeKey),
            f("ports", List, 315, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 315
    TypeDef {
        name: "networking/v1.NetworkPolicyPort",
        atomic: false,
        fields: &[],
    },
    // 316
    TypeDef {
        name: "networking/v1.NetworkPolicyPeer",
        atomic: false,
        fields: &[
            f("ipBlock", Object, 317, "", "", Unset, &[], false, ByMergeKey),
            f("namespaceSelector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("podSelector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 317
    TypeDef {
        name: "networking/v1.IPBlock",
        atomic: false,
        fields: &[
            f("except", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 318
    TypeDef {
        name: "networking/v1.NetworkPolicyEgressRule",
        atomic: false,
        fields: &[
            f("ports", List, 315, "", "", Atomic, &[], false, ByMergeKey),
            f("to", List, 316, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 319
    TypeDef {
        name: "networking/v1.ServiceCIDR",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 320, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 321, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 320
    TypeDef {
        name: "networking/v1.ServiceCIDRSpec",
        atomic: false,
        fields: &[
            f("cidrs", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 321
    TypeDef {
        name: "networking/v1.ServiceCIDRStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 200, "merge", "type", Keyed, &["type"], false, Replaces),
        ],
    },
    // 322
    TypeDef {
        name: "networking/v1beta1.IPAddress",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 323, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 323
    TypeDef {
        name: "networking/v1beta1.IPAddressSpec",
        atomic: false,
        fields: &[
            f("parentRef", Object, 324, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 324
    TypeDef {
        name: "networking/v1beta1.ParentReference",
        atomic: false,
        fields: &[],
    },
    // 325
    TypeDef {
        name: "networking/v1beta1.Ingress",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 326, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 332, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 326
    TypeDef {
        name: "networking/v1beta1.IngressSpec",
        atomic: false,
        fields: &[
            f("backend", Object, 327, "", "", Unset, &[], false, ByMergeKey),
            f("rules", List, 329, "", "", Atomic, &[], false, ByMergeKey),
            f("tls", List, 328, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 327
    TypeDef {
        name: "networking/v1beta1.IngressBackend",
        atomic: false,
        fields: &[
            f("resource", Object, 75, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 328
    TypeDef {
        name: "networking/v1beta1.IngressTLS",
        atomic: false,
        fields: &[
            f("hosts", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 329
    TypeDef {
        name: "networking/v1beta1.IngressRule",
        atomic: false,
        fields: &[
            f("http", Object, 330, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 330
    TypeDef {
        name: "networking/v1beta1.HTTPIngressRuleValue",
        atomic: false,
        fields: &[
            f("paths", List, 331, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 331
    TypeDef {
        name: "networking/v1beta1.HTTPIngressPath",
        atomic: false,
        fields: &[
            f("backend", Object, 327, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 332
    TypeDef {
        name: "networking/v1beta1.IngressStatus",
        atomic: false,
        fields: &[
            f("loadBalancer", Object, 333, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 333
    TypeDef {
        name: "networking/v1beta1.IngressLoadBalancerStatus",
        atomic: false,
        fields: &[
            f("ingress", List, 334, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 334
    TypeDef {
        name: "networking/v1beta1.IngressLoadBalancerIngress",
        atomic: false,
        fields: &[
            f("ports", List, 335, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 335
    TypeDef {
        name: "networking/v1beta1.IngressPortStatus",
        atomic: false,
        fields: &[],
    },
    // 336
    TypeDef {
        name: "networking/v1beta1.IngressClass",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 337, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 337
    TypeDef {
        name: "networking/v1beta1.IngressClassSpec",
        atomic: false,
        fields: &[
            f("parameters", Object, 338, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 338
    TypeDef {
        name: "networking/v1beta1.IngressClassParametersReference",
        atomic: false,
        fields: &[],
    },
    // 339
    TypeDef {
        name: "networking/v1beta1.ServiceCIDR",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 340, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 341, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 340
    TypeDef {
        name: "networking/v1beta1.ServiceCIDRSpec",
        atomic: false,
        fields: &[
            f("cidrs", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 341
    TypeDef {
        name: "networking/v1beta1.ServiceCIDRStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 200, "merge", "type", Keyed, &["type"], false, Replaces),
        ],
    },
    // 342
    TypeDef {
        name: "extensions/v1beta1.DaemonSet",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 343, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 346, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 343
    TypeDef {
        name: "extensions/v1beta1.DaemonSetSpec",
        atomic: false,
        fields: &[
            f("selector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("template", Object, 179, "", "", Unset, &[], false, ByMergeKey),
            f("updateStrategy", Object, 344, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 344
    TypeDef {
        name: "extensions/v1beta1.DaemonSetUpdateStrategy",
        atomic: false,
        fields: &[
            f("rollingUpdate", Object, 345, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 345
    TypeDef {
        name: "extensions/v1beta1.RollingUpdateDaemonSet",
        atomic: false,
        fields: &[],
    },
    // 346
    TypeDef {
        name: "extensions/v1beta1.DaemonSetStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 347, "merge", "type", Keyed, &["type"], false, ByMergeKey),
        ],
    },
    // 347
    TypeDef {
        name: "extensions/v1beta1.DaemonSetCondition",
        atomic: false,
        fields: &[],
    },
    // 348
    TypeDef {
        name: "extensions/v1beta1.Deployment",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 349, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 353, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 349
    TypeDef {
        name: "extensions/v1beta1.DeploymentSpec",
        atomic: false,
        fields: &[
            f("rollbackTo", Object, 352, "", "", Unset, &[], false, ByMergeKey),
            f("selector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("strategy", Object, 350, "retainKeys", "", Unset, &[], false, ByMergeKey),
            f("template", Object, 179, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 350
    TypeDef {
        name: "extensions/v1beta1.DeploymentStrategy",
        atomic: false,
        fields: &[
            f("rollingUpdate", Object, 351, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 351
    TypeDef {
        name: "extensions/v1beta1.RollingUpdateDeployment",
        atomic: false,
        fields: &[],
    },
    // 352
    TypeDef {
        name: "extensions/v1beta1.RollbackConfig",
        atomic: false,
        fields: &[],
    },
    // 353
    TypeDef {
        name: "extensions/v1beta1.DeploymentStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 354, "merge", "type", Keyed, &["type"], false, ByMergeKey),
        ],
    },
    // 354
    TypeDef {
        name: "extensions/v1beta1.DeploymentCondition",
        atomic: false,
        fields: &[],
    },
    // 355
    TypeDef {
        name: "extensions/v1beta1.Ingress",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 356, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 362, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 356
    TypeDef {
        name: "extensions/v1beta1.IngressSpec",
        atomic: false,
        fields: &[
            f("backend", Object, 357, "", "", Unset, &[], false, ByMergeKey),
            f("rules", List, 359, "", "", Atomic, &[], false, ByMergeKey),
            f("tls", List, 358, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 357
    TypeDef {
        name: "extensions/v1beta1.IngressBackend",
        atomic: false,
        fields: &[
            f("resource", Object, 75, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 358
    TypeDef {
        name: "extensions/v1beta1.IngressTLS",
        atomic: false,
        fields: &[
            f("hosts", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 359
    TypeDef {
        name: "extensions/v1beta1.IngressRule",
        atomic: false,
        fields: &[
            f("http", Object, 360, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 360
    TypeDef {
        name: "extensions/v1beta1.HTTPIngressRuleValue",
        atomic: false,
        fields: &[
            f("paths", List, 361, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 361
    TypeDef {
        name: "extensions/v1beta1.HTTPIngressPath",
        atomic: false,
        fields: &[
            f("backend", Object, 357, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 362
    TypeDef {
        name: "extensions/v1beta1.IngressStatus",
        atomic: false,
        fields: &[
            f("loadBalancer", Object, 363, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 363
    TypeDef {
        name: "extensions/v1beta1.IngressLoadBalancerStatus",
        atomic: false,
        fields: &[
            f("ingress", List, 364, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 364
    TypeDef {
        name: "extensions/v1beta1.IngressLoadBalancerIngress",
        atomic: false,
        fields: &[
            f("ports", List, 365, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 365
    TypeDef {
        name: "extensions/v1beta1.IngressPortStatus",
        atomic: false,
        fields: &[],
    },
    // 366
    TypeDef {
        name: "extensions/v1beta1.NetworkPolicy",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 367, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 367
    TypeDef {
        name: "extensions/v1beta1.NetworkPolicySpec",
        atomic: false,
        fields: &[
            f("egress", List, 372, "", "", Atomic, &[], false, ByMergeKey),
            f("ingress", List, 368, "", "", Atomic, &[], false, ByMergeKey),
            f("podSelector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("policyTypes", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 368
    TypeDef {
        name: "extensions/v1beta1.NetworkPolicyIngressRule",
        atomic: false,
        fields: &[
            f("from", List, 370, "", "", Atomic, &[], false, ByMergeKey),
            f("ports", List, 369, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 369
    TypeDef {
        name: "extensions/v1beta1.NetworkPolicyPort",
        atomic: false,
        fields: &[],
    },
    // 370
    TypeDef {
        name: "extensions/v1beta1.NetworkPolicyPeer",
        atomic: false,
        fields: &[
            f("ipBlock", Object, 371, "", "", Unset, &[], false, ByMergeKey),
            f("namespaceSelector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("podSelector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 371
    TypeDef {
        name: "extensions/v1beta1.IPBlock",
        atomic: false,
        fields: &[
            f("except", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 372
    TypeDef {
        name: "extensions/v1beta1.NetworkPolicyEgressRule",
        atomic: false,
        fields: &[
            f("ports", List, 369, "", "", Atomic, &[], false, ByMergeKey),
            f("to", List, 370, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 373
    TypeDef {
        name: "extensions/v1beta1.ReplicaSet",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 374, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 375, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 374
    TypeDef {
        name: "extensions/v1beta1.ReplicaSetSpec",
        atomic: false,
        fields: &[
            f("selector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("template", Object, 179, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 375
    TypeDef {
        name: "extensions/v1beta1.ReplicaSetStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 376, "merge", "type", Keyed, &["type"], false, ByMergeKey),
        ],
    },
    // 376
    TypeDef {
        name: "extensions/v1beta1.ReplicaSetCondition",
        atomic: false,
        fields: &[],
    },
    // 377
    TypeDef {
        name: "extensions/v1beta1.Scale",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 378, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 379, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 378
    TypeDef {
        name: "extensions/v1beta1.ScaleSpec",
        atomic: false,
        fields: &[],
    },
    // 379
    TypeDef {
        name: "extensions/v1beta1.ScaleStatus",
        atomic: false,
        fields: &[
            f("selector", Map, NO_TYPE, "", "", Unset, &[], true, ByMergeKey),
        ],
    },
    // 380
    TypeDef {
        name: "rbac/v1.ClusterRole",
        atomic: false,
        fields: &[
            f("aggregationRule", Object, 382, "", "", Unset, &[], false, ByMergeKey),
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("rules", List, 381, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 381
    TypeDef {
        name: "rbac/v1.PolicyRule",
        atomic: false,
        fields: &[
            f("apiGroups", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("nonResourceURLs", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("resourceNames", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("resources", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("verbs", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 382
    TypeDef {
        name: "rbac/v1.AggregationRule",
        atomic: false,
        fields: &[
            f("clusterRoleSelectors", List, 72, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 383
    TypeDef {
        name: "rbac/v1.ClusterRoleBinding",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("roleRef", Object, 385, "", "", Unset, &[], false, ByMergeKey),
            f("subjects", List, 384, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 384
    TypeDef {
        name: "rbac/v1.Subject",
        atomic: true,
        fields: &[],
    },
    // 385
    TypeDef {
        name: "rbac/v1.RoleRef",
        atomic: true,
        fields: &[],
    },
    // 386
    TypeDef {
        name: "rbac/v1.Role",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("rules", List, 381, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 387
    TypeDef {
        name: "rbac/v1.RoleBinding",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("roleRef", Object, 385, "", "", Unset, &[], false, ByMergeKey),
            f("subjects", List, 384, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 388
    TypeDef {
        name: "rbac/v1beta1.ClusterRole",
        atomic: false,
        fields: &[
            f("aggregationRule", Object, 390, "", "", Unset, &[], false, ByMergeKey),
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("rules", List, 389, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 389
    TypeDef {
        name: "rbac/v1beta1.PolicyRule",
        atomic: false,
        fields: &[
            f("apiGroups", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("nonResourceURLs", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("resourceNames", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("resources", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("verbs", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 390
    TypeDef {
        name: "rbac/v1beta1.AggregationRule",
        atomic: false,
        fields: &[
            f("clusterRoleSelectors", List, 72, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 391
    TypeDef {
        name: "rbac/v1beta1.ClusterRoleBinding",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("roleRef", Object, 393, "", "", Unset, &[], false, ByMergeKey),
            f("subjects", List, 392, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 392
    TypeDef {
        name: "rbac/v1beta1.Subject",
        atomic: false,
        fields: &[],
    },
    // 393
    TypeDef {
        name: "rbac/v1beta1.RoleRef",
        atomic: false,
        fields: &[],
    },
    // 394
    TypeDef {
        name: "rbac/v1beta1.Role",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("rules", List, 389, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 395
    TypeDef {
        name: "rbac/v1beta1.RoleBinding",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("roleRef", Object, 393, "", "", Unset, &[], false, ByMergeKey),
            f("subjects", List, 392, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 396
    TypeDef {
        name: "autoscaling/v1.HorizontalPodAutoscaler",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 397, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 399, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 397
    TypeDef {
        name: "autoscaling/v1.HorizontalPodAutoscalerSpec",
        atomic: false,
        fields: &[
            f("scaleTargetRef", Object, 398, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 398
    TypeDef {
        name: "autoscaling/v1.CrossVersionObjectReference",
        atomic: true,
        fields: &[],
    },
    // 399
    TypeDef {
        name: "autoscaling/v1.HorizontalPodAutoscalerStatus",
        atomic: false,
        fields: &[],
    },
    // 400
    TypeDef {
        name: "autoscaling/v1.Scale",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 401, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 402, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 401
    TypeDef {
        name: "autoscaling/v1.ScaleSpec",
        atomic: false,
        fields: &[],
    },
    // 402
    TypeDef {
        name: "autoscaling/v1.ScaleStatus",
        atomic: false,
        fields: &[],
    },
    // 403
    TypeDef {
        name: "autoscaling/v2.HorizontalPodAutoscaler",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 404, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 417, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 404
    TypeDef {
        name: "autoscaling/v2.HorizontalPodAutoscalerSpec",
        atomic: false,
        fields: &[
            f("behavior", Object, 414, "", "", Unset, &[], false, ByMergeKey),
            f("metrics", List, 406, "", "", Atomic, &[], false, ByMergeKey),
            f("scaleTargetRef", Object, 405, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 405
    TypeDef {
        name: "autoscaling/v2.CrossVersionObjectReference",
        atomic: false,
        fields: &[],
    },
    // 406
    TypeDef {
        name: "autoscaling/v2.MetricSpec",
        atomic: false,
        fields: &[
            f("containerResource", Object, 412, "", "", Unset, &[], false, ByMergeKey),
            f("external", Object, 413, "", "", Unset, &[], false, ByMergeKey),
            f("object", Object, 407, "", "", Unset, &[], false, ByMergeKey),
            f("pods", Object, 410, "", "", Unset, &[], false, ByMergeKey),
            f("resource", Object, 411, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 407
    TypeDef {
        name: "autoscaling/v2.ObjectMetricSource",
        atomic: false,
        fields: &[
            f("describedObject", Object, 405, "", "", Unset, &[], false, ByMergeKey),
            f("metric", Object, 409, "", "", Unset, &[], false, ByMergeKey),
            f("target", Object, 408, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 408
    TypeDef {
        name: "autoscaling/v2.MetricTarget",
        atomic: false,
        fields: &[],
    },
    // 409
    TypeDef {
        name: "autoscaling/v2.MetricIdentifier",
        atomic: false,
        fields: &[
            f("selector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 410
    TypeDef {
        name: "autoscaling/v2.PodsMetricSource",
        atomic: false,
        fields: &[
            f("metric", Object, 409, "", "", Unset, &[], false, ByMergeKey),
            f("target", Object, 408, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 411
    TypeDef {
        name: "autoscaling/v2.ResourceMetricSource",
        atomic: false,
        fields: &[
            f("target", Object, 408, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 412
    TypeDef {
        name: "autoscaling/v2.ContainerResourceMetricSource",
        atomic: false,
        fields: &[
            f("target", Object, 408, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 413
    TypeDef {
        name: "autoscaling/v2.ExternalMetricSource",
        atomic: false,
        fields: &[
            f("metric", Object, 409, "", "", Unset, &[], false, ByMergeKey),
            f("target", Object, 408, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 414
    TypeDef {
        name: "autoscaling/v2.HorizontalPodAutoscalerBehavior",
        atomic: false,
        fields: &[
            f("scaleDown", Object, 415, "", "", Unset, &[], false, ByMergeKey),
            f("scaleUp", Object, 415, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 415
    TypeDef {
        name: "autoscaling/v2.HPAScalingRules",
        atomic: false,
        fields: &[
            f("policies", List, 416, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 416
    TypeDef {
        name: "autoscaling/v2.HPAScalingPolicy",
        atomic: false,
        fields: &[],
    },
    // 417
    TypeDef {
        name: "autoscaling/v2.HorizontalPodAutoscalerStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 425, "merge", "type", Keyed, &["type"], false, Replaces),
            f("currentMetrics", List, 418, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 418
    TypeDef {
        name: "autoscaling/v2.MetricStatus",
        atomic: false,
        fields: &[
            f("containerResource", Object, 423, "", "", Unset, &[], false, ByMergeKey),
            f("external", Object, 424, "", "", Unset, &[], false, ByMergeKey),
            f("object", Object, 419, "", "", Unset, &[], false, ByMergeKey),
            f("pods", Object, 421, "", "", Unset, &[], false, ByMergeKey),
            f("resource", Object, 422, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 419
    TypeDef {
        name: "autoscaling/v2.ObjectMetricStatus",
        atomic: false,
        fields: &[
            f("current", Object, 420, "", "", Unset, &[], false, ByMergeKey),
            f("describedObject", Object, 405, "", "", Unset, &[], false, ByMergeKey),
            f("metric", Object, 409, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 420
    TypeDef {
        name: "autoscaling/v2.MetricValueStatus",
        atomic: false,
        fields: &[],
    },
    // 421
    TypeDef {
        name: "autoscaling/v2.PodsMetricStatus",
        atomic: false,
        fields: &[
            f("current", Object, 420, "", "", Unset, &[], false, ByMergeKey),
            f("metric", Object, 409, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 422
    TypeDef {
        name: "autoscaling/v2.ResourceMetricStatus",
        atomic: false,
        fields: &[
            f("current", Object, 420, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 423
    TypeDef {
        name: "autoscaling/v2.ContainerResourceMetricStatus",
        atomic: false,
        fields: &[
            f("current", Object, 420, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 424
    TypeDef {
        name: "autoscaling/v2.ExternalMetricStatus",
        atomic: false,
        fields: &[
            f("current", Object, 420, "", "", Unset, &[], false, ByMergeKey),
            f("metric", Object, 409, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 425
    TypeDef {
        name: "autoscaling/v2.HorizontalPodAutoscalerCondition",
        atomic: false,
        fields: &[],
    },
    // 426
    TypeDef {
        name: "policy/v1.Eviction",
        atomic: false,
        fields: &[
            f("deleteOptions", Object, 427, "", "", Unset, &[], false, ByMergeKey),
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 427
    TypeDef {
        name: "meta/v1.DeleteOptions",
        atomic: false,
        fields: &[
            f("dryRun", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("preconditions", Object, 428, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 428
    TypeDef {
        name: "meta/v1.Preconditions",
        atomic: false,
        fields: &[],
    },
    // 429
    TypeDef {
        name: "policy/v1.PodDisruptionBudget",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 430, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 431, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 430
    TypeDef {
        name: "policy/v1.PodDisruptionBudgetSpec",
        atomic: false,
        fields: &[
            f("selector", Object, 72, "replace", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 431
    TypeDef {
        name: "policy/v1.PodDisruptionBudgetStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 200, "merge", "type", Keyed, &["type"], false, ByMergeKey),
            f("disruptedPods", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 432
    TypeDef {
        name: "policy/v1beta1.Eviction",
        atomic: false,
        fields: &[
            f("deleteOptions", Object, 427, "", "", Unset, &[], false, ByMergeKey),
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 433
    TypeDef {
        name: "policy/v1beta1.PodDisruptionBudget",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 434, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 435, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 434
    TypeDef {
        name: "policy/v1beta1.PodDisruptionBudgetSpec",
        atomic: false,
        fields: &[
            f("selector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 435
    TypeDef {
        name: "policy/v1beta1.PodDisruptionBudgetStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 200, "merge", "type", Keyed, &["type"], false, ByMergeKey),
            f("disruptedPods", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 436
    TypeDef {
        name: "storage/v1.CSIDriver",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 437, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 437
    TypeDef {
        name: "storage/v1.CSIDriverSpec",
        atomic: false,
        fields: &[
            f("tokenRequests", List, 438, "", "", Atomic, &[], false, ByMergeKey),
            f("volumeLifecycleModes", List, NO_TYPE, "", "", Set, &[], false, ByMergeKey),
        ],
    },
    // 438
    TypeDef {
        name: "storage/v1.TokenRequest",
        atomic: false,
        fields: &[],
    },
    // 439
    TypeDef {
        name: "storage/v1.CSINode",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 440, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 440
    TypeDef {
        name: "storage/v1.CSINodeSpec",
        atomic: false,
        fields: &[
            f("drivers", List, 441, "merge", "name", Keyed, &["name"], false, ByMergeKey),
        ],
    },
    // 441
    TypeDef {
        name: "storage/v1.CSINodeDriver",
        atomic: false,
        fields: &[
            f("allocatable", Object, 442, "", "", Unset, &[], false, ByMergeKey),
            f("topologyKeys", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 442
    TypeDef {
        name: "storage/v1.VolumeNodeResources",
        atomic: false,
        fields: &[],
    },
    // 443
    TypeDef {
        name: "storage/v1.CSIStorageCapacity",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("nodeTopology", Object, 72, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 444
    TypeDef {
        name: "storage/v1.StorageClass",
        atomic: false,
        fields: &[
            f("allowedTopologies", List, 445, "", "", Atomic, &[], false, ByMergeKey),
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("mountOptions", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("parameters", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 445
    TypeDef {
        name: "core/v1.TopologySelectorTerm",
        atomic: true,
        fields: &[
            f("matchLabelExpressions", List, 446, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 446
    TypeDef {
        name: "core/v1.TopologySelectorLabelRequirement",
        atomic: false,
        fields: &[
            f("values", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 447
    TypeDef {
        name: "storage/v1.VolumeAttachment",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 448, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 450, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 448
    TypeDef {
        name: "storage/v1.VolumeAttachmentSpec",
        atomic: false,
        fields: &[
            f("source", Object, 449, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 449
    TypeDef {
        name: "storage/v1.VolumeAttachmentSource",
        atomic: false,
        fields: &[
            f("inlineVolumeSpec", Object, 41, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 450
    TypeDef {
        name: "storage/v1.VolumeAttachmentStatus",
        atomic: false,
        fields: &[
            f("attachError", Object, 451, "", "", Unset, &[], false, ByMergeKey),
            f("attachmentMetadata", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("detachError", Object, 451, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 451
    TypeDef {
        name: "storage/v1.VolumeError",
        atomic: false,
        fields: &[],
    },
    // 452
    TypeDef {
        name: "storage/v1beta1.CSIDriver",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 453, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 453
    TypeDef {
        name: "storage/v1beta1.CSIDriverSpec",
        atomic: false,
        fields: &[
            f("tokenRequests", List, 454, "", "", Atomic, &[], false, ByMergeKey),
            f("volumeLifecycleModes", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 454
    TypeDef {
        name: "storage/v1beta1.TokenRequest",
        atomic: false,
        fields: &[],
    },
    // 455
    TypeDef {
        name: "storage/v1beta1.CSINode",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 456, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 456
    TypeDef {
        name: "storage/v1beta1.CSINodeSpec",
        atomic: false,
        fields: &[
            f("drivers", List, 457, "merge", "name", Keyed, &["name"], false, ByMergeKey),
        ],
    },
    // 457
    TypeDef {
        name: "storage/v1beta1.CSINodeDriver",
        atomic: false,
        fields: &[
            f("allocatable", Object, 458, "", "", Unset, &[], false, ByMergeKey),
            f("topologyKeys", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 458
    TypeDef {
        name: "storage/v1beta1.VolumeNodeResources",
        atomic: false,
        fields: &[],
    },
    // 459
    TypeDef {
        name: "storage/v1beta1.CSIStorageCapacity",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("nodeTopology", Object, 72, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 460
    TypeDef {
        name: "storage/v1beta1.StorageClass",
        atomic: false,
        fields: &[
            f("allowedTopologies", List, 445, "", "", Atomic, &[], false, ByMergeKey),
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("mountOptions", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("parameters", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 461
    TypeDef {
        name: "storage/v1beta1.VolumeAttachment",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 462, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 464, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 462
    TypeDef {
        name: "storage/v1beta1.VolumeAttachmentSpec",
        atomic: false,
        fields: &[
            f("source", Object, 463, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 463
    TypeDef {
        name: "storage/v1beta1.VolumeAttachmentSource",
        atomic: false,
        fields: &[
            f("inlineVolumeSpec", Object, 41, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 464
    TypeDef {
        name: "storage/v1beta1.VolumeAttachmentStatus",
        atomic: false,
        fields: &[
            f("attachError", Object, 465, "", "", Unset, &[], false, ByMergeKey),
            f("attachmentMetadata", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("detachError", Object, 465, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 465
    TypeDef {
        name: "storage/v1beta1.VolumeError",
        atomic: false,
        fields: &[],
    },
    // 466
    TypeDef {
        name: "storage/v1beta1.VolumeAttributesClass",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("parameters", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 467
    TypeDef {
        name: "admissionregistration/v1.MutatingWebhookConfiguration",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("webhooks", List, 468, "merge", "name", Keyed, &["name"], false, ByMergeKey),
        ],
    },
    // 468
    TypeDef {
        name: "admissionregistration/v1.MutatingWebhook",
        atomic: false,
        fields: &[
            f("admissionReviewVersions", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("clientConfig", Object, 469, "", "", Unset, &[], false, ByMergeKey),
            f("matchConditions", List, 472, "merge", "name", Keyed, &["name"], false, Replaces),
            f("namespaceSelector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("objectSelector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("rules", List, 471, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 469
    TypeDef {
        name: "admissionregistration/v1.WebhookClientConfig",
        atomic: false,
        fields: &[
            f("service", Object, 470, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 470
    TypeDef {
        name: "admissionregistration/v1.ServiceReference",
        atomic: false,
        fields: &[],
    },
    // 471
    TypeDef {
        name: "admissionregistration/v1.RuleWithOperations",
        atomic: false,
        fields: &[
            f("apiGroups", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("apiVersions", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("operations", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("resources", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 472
    TypeDef {
        name: "admissionregistration/v1.MatchCondition",
        atomic: false,
        fields: &[],
    },
    // 473
    TypeDef {
        name: "admissionregistration/v1.ValidatingAdmissionPolicy",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 474, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 481, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 474
    TypeDef {
        name: "admissionregistration/v1.ValidatingAdmissionPolicySpec",
        atomic: false,
        fields: &[
            f("auditAnnotations", List, 479, "", "", Atomic, &[], false, ByMergeKey),
            f("matchConditions", List, 472, "merge", "name", Keyed, &["name"], false, Replaces),
            f("matchConstraints", Object, 476, "", "", Unset, &[], false, ByMergeKey),
            f("paramKind", Object, 475, "", "", Unset, &[], false, ByMergeKey),
            f("validations", List, 478, "", "", Atomic, &[], false, ByMergeKey),
            f("variables", List, 480, "merge", "name", Keyed, &["name"], false, Replaces),
        ],
    },
    // 475
    TypeDef {
        name: "admissionregistration/v1.ParamKind",
        atomic: true,
        fields: &[],
    },
    // 476
    TypeDef {
        name: "admissionregistration/v1.MatchResources",
        atomic: true,
        fields: &[
            f("excludeResourceRules", List, 477, "", "", Atomic, &[], false, ByMergeKey),
            f("namespaceSelector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("objectSelector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("resourceRules", List, 477, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 477
    TypeDef {
        name: "admissionregistration/v1.NamedRuleWithOperations",
        atomic: true,
        fields: &[
            f("apiGroups", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("apiVersions", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("operations", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("resourceNames", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("resources", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 478
    TypeDef {
        name: "admissionregistration/v1.Validation",
        atomic: false,
        fields: &[],
    },
    // 479
    TypeDef {
        name: "admissionregistration/v1.AuditAnnotation",
        atomic: false,
        fields: &[],
    },
    // 480
    TypeDef {
        name: "admissionregistration/v1.Variable",
        atomic: true,
        fields: &[],
    },
    // 481
    TypeDef {
        name: "admissionregistration/v1.ValidatingAdmissionPolicyStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 200, "", "", Keyed, &["type"], false, ByMergeKey),
            f("typeChecking", Object, 482, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 482
    TypeDef {
        name: "admissionregistration/v1.TypeChecking",
        atomic: false,
        fields: &[
            f("expressionWarnings", List, 483, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 483
    TypeDef {
        name: "admissionregistration/v1.ExpressionWarning",
        atomic: false,
        fields: &[],
    },
    // 484
    TypeDef {
        name: "admissionregistration/v1.ValidatingAdmissionPolicyBinding",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 485, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 485
    TypeDef {
        name: "admissionregistration/v1.ValidatingAdmissionPolicyBindingSpec",
        atomic: false,
        fields: &[
            f("matchResources", Object, 476, "", "", Unset, &[], false, ByMergeKey),
            f("paramRef", Object, 486, "", "", Unset, &[], false, ByMergeKey),
            f("validationActions", List, NO_TYPE, "", "", Set, &[], false, ByMergeKey),
        ],
    },
    // 486
    TypeDef {
        name: "admissionregistration/v1.ParamRef",
        atomic: true,
        fields: &[
            f("selector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 487
    TypeDef {
        name: "admissionregistration/v1.ValidatingWebhookConfiguration",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("webhooks", List, 488, "merge", "name", Keyed, &["name"], false, ByMergeKey),
        ],
    },
    // 488
    TypeDef {
        name: "admissionregistration/v1.ValidatingWebhook",
        atomic: false,
        fields: &[
            f("admissionReviewVersions", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("clientConfig", Object, 469, "", "", Unset, &[], false, ByMergeKey),
            f("matchConditions", List, 472, "merge", "name", Keyed, &["name"], false, Replaces),
            f("namespaceSelector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("objectSelector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("rules", List, 471, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 489
    TypeDef {
        name: "admissionregistration/v1beta1.MutatingWebhookConfiguration",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("webhooks", List, 490, "merge", "name", Keyed, &["name"], false, ByMergeKey),
        ],
    },
    // 490
    TypeDef {
        name: "admissionregistration/v1beta1.MutatingWebhook",
        atomic: false,
        fields: &[
            f("admissionReviewVersions", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("clientConfig", Object, 491, "", "", Unset, &[], false, ByMergeKey),
            f("matchConditions", List, 493, "merge", "name", Keyed, &["name"], false, Replaces),
            f("namespaceSelector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("objectSelector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("rules", List, 471, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 491
    TypeDef {
        name: "admissionregistration/v1beta1.WebhookClientConfig",
        atomic: false,
        fields: &[
            f("service", Object, 492, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 492
    TypeDef {
        name: "admissionregistration/v1beta1.ServiceReference",
        atomic: false,
        fields: &[],
    },
    // 493
    TypeDef {
        name: "admissionregistration/v1beta1.MatchCondition",
        atomic: false,
        fields: &[],
    },
    // 494
    TypeDef {
        name: "admissionregistration/v1beta1.ValidatingAdmissionPolicy",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 495, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 502, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 495
    TypeDef {
        name: "admissionregistration/v1beta1.ValidatingAdmissionPolicySpec",
        atomic: false,
        fields: &[
            f("auditAnnotations", List, 500, "", "", Atomic, &[], false, ByMergeKey),
            f("matchConditions", List, 493, "merge", "name", Keyed, &["name"], false, Replaces),
            f("matchConstraints", Object, 497, "", "", Unset, &[], false, ByMergeKey),
            f("paramKind", Object, 496, "", "", Unset, &[], false, ByMergeKey),
            f("validations", List, 499, "", "", Atomic, &[], false, ByMergeKey),
            f("variables", List, 501, "merge", "name", Keyed, &["name"], false, Replaces),
        ],
    },
    // 496
    TypeDef {
        name: "admissionregistration/v1beta1.ParamKind",
        atomic: true,
        fields: &[],
    },
    // 497
    TypeDef {
        name: "admissionregistration/v1beta1.MatchResources",
        atomic: true,
        fields: &[
            f("excludeResourceRules", List, 498, "", "", Atomic, &[], false, ByMergeKey),
            f("namespaceSelector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("objectSelector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("resourceRules", List, 498, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 498
    TypeDef {
        name: "admissionregistration/v1beta1.NamedRuleWithOperations",
        atomic: true,
        fields: &[
            f("apiGroups", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("apiVersions", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("operations", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("resourceNames", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("resources", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 499
    TypeDef {
        name: "admissionregistration/v1beta1.Validation",
        atomic: false,
        fields: &[],
    },
    // 500
    TypeDef {
        name: "admissionregistration/v1beta1.AuditAnnotation",
        atomic: false,
        fields: &[],
    },
    // 501
    TypeDef {
        name: "admissionregistration/v1beta1.Variable",
        atomic: true,
        fields: &[],
    },
    // 502
    TypeDef {
        name: "admissionregistration/v1beta1.ValidatingAdmissionPolicyStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 200, "", "", Keyed, &["type"], false, ByMergeKey),
            f("typeChecking", Object, 503, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 503
    TypeDef {
        name: "admissionregistration/v1beta1.TypeChecking",
        atomic: false,
        fields: &[
            f("expressionWarnings", List, 504, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 504
    TypeDef {
        name: "admissionregistration/v1beta1.ExpressionWarning",
        atomic: false,
        fields: &[],
    },
    // 505
    TypeDef {
        name: "admissionregistration/v1beta1.ValidatingAdmissionPolicyBinding",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 506, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 506
    TypeDef {
        name: "admissionregistration/v1beta1.ValidatingAdmissionPolicyBindingSpec",
        atomic: false,
        fields: &[
            f("matchResources", Object, 497, "", "", Unset, &[], false, ByMergeKey),
            f("paramRef", Object, 507, "", "", Unset, &[], false, ByMergeKey),
            f("validationActions", List, NO_TYPE, "", "", Set, &[], false, ByMergeKey),
        ],
    },
    // 507
    TypeDef {
        name: "admissionregistration/v1beta1.ParamRef",
        atomic: true,
        fields: &[
            f("selector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 508
    TypeDef {
        name: "admissionregistration/v1beta1.ValidatingWebhookConfiguration",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("webhooks", List, 509, "merge", "name", Keyed, &["name"], false, ByMergeKey),
        ],
    },
    // 509
    TypeDef {
        name: "admissionregistration/v1beta1.ValidatingWebhook",
        atomic: false,
        fields: &[
            f("admissionReviewVersions", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("clientConfig", Object, 491, "", "", Unset, &[], false, ByMergeKey),
            f("matchConditions", List, 493, "merge", "name", Keyed, &["name"], false, Replaces),
            f("namespaceSelector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("objectSelector", Object, 72, "", "", Unset, &[], false, ByMergeKey),
            f("rules", List, 471, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 510
    TypeDef {
        name: "coordination/v1.Lease",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 511, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 511
    TypeDef {
        name: "coordination/v1.LeaseSpec",
        atomic: false,
        fields: &[],
    },
    // 512
    TypeDef {
        name: "coordination/v1beta1.Lease",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 513, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 513
    TypeDef {
        name: "coordination/v1beta1.LeaseSpec",
        atomic: false,
        fields: &[],
    },
    // 514
    TypeDef {
        name: "coordination/v1beta1.LeaseCandidate",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 515, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 515
    TypeDef {
        name: "coordination/v1beta1.LeaseCandidateSpec",
        atomic: false,
        fields: &[],
    },
    // 516
    TypeDef {
        name: "discovery/v1.EndpointSlice",
        atomic: false,
        fields: &[
            f("endpoints", List, 517, "", "", Atomic, &[], false, ByMergeKey),
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("ports", List, 522, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 517
    TypeDef {
        name: "discovery/v1.Endpoint",
        atomic: false,
        fields: &[
            f("addresses", List, NO_TYPE, "", "", Set, &[], false, ByMergeKey),
            f("conditions", Object, 518, "", "", Unset, &[], false, ByMergeKey),
            f("deprecatedTopology", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("hints", Object, 519, "", "", Unset, &[], false, ByMergeKey),
            f("targetRef", Object, 4, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 518
    TypeDef {
        name: "discovery/v1.EndpointConditions",
        atomic: false,
        fields: &[],
    },
    // 519
    TypeDef {
        name: "discovery/v1.EndpointHints",
        atomic: false,
        fields: &[
            f("forNodes", List, 521, "", "", Atomic, &[], false, ByMergeKey),
            f("forZones", List, 520, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 520
    TypeDef {
        name: "discovery/v1.ForZone",
        atomic: false,
        fields: &[],
    },
    // 521
    TypeDef {
        name: "discovery/v1.ForNode",
        atomic: false,
        fields: &[],
    },
    // 522
    TypeDef {
        name: "discovery/v1.EndpointPort",
        atomic: true,
        fields: &[],
    },
    // 523
    TypeDef {
        name: "scheduling/v1.PriorityClass",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 524
    TypeDef {
        name: "node/v1.RuntimeClass",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("overhead", Object, 525, "", "", Unset, &[], false, ByMergeKey),
            f("scheduling", Object, 526, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 525
    TypeDef {
        name: "node/v1.Overhead",
        atomic: false,
        fields: &[
            f("podFixed", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 526
    TypeDef {
        name: "node/v1.Scheduling",
        atomic: false,
        fields: &[
            f("nodeSelector", Map, NO_TYPE, "", "", Unset, &[], true, ByMergeKey),
            f("tolerations", List, 153, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 527
    TypeDef {
        name: "certificates/v1.CertificateSigningRequest",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 528, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 529, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 528
    TypeDef {
        name: "certificates/v1.CertificateSigningRequestSpec",
        atomic: false,
        fields: &[
            f("extra", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("groups", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("usages", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 529
    TypeDef {
        name: "certificates/v1.CertificateSigningRequestStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 530, "", "", Keyed, &["type"], false, ByMergeKey),
        ],
    },
    // 530
    TypeDef {
        name: "certificates/v1.CertificateSigningRequestCondition",
        atomic: false,
        fields: &[],
    },
    // 531
    TypeDef {
        name: "events/v1.Event",
        atomic: false,
        fields: &[
            f("deprecatedSource", Object, 13, "", "", Unset, &[], false, ByMergeKey),
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("regarding", Object, 4, "", "", Unset, &[], false, ByMergeKey),
            f("related", Object, 4, "", "", Unset, &[], false, ByMergeKey),
            f("series", Object, 532, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 532
    TypeDef {
        name: "events/v1.EventSeries",
        atomic: false,
        fields: &[],
    },
    // 533
    TypeDef {
        name: "flowcontrol/v1.FlowSchema",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 534, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 544, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 534
    TypeDef {
        name: "flowcontrol/v1.FlowSchemaSpec",
        atomic: false,
        fields: &[
            f("distinguisherMethod", Object, 536, "", "", Unset, &[], false, ByMergeKey),
            f("priorityLevelConfiguration", Object, 535, "", "", Unset, &[], false, ByMergeKey),
            f("rules", List, 537, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 535
    TypeDef {
        name: "flowcontrol/v1.PriorityLevelConfigurationReference",
        atomic: false,
        fields: &[],
    },
    // 536
    TypeDef {
        name: "flowcontrol/v1.FlowDistinguisherMethod",
        atomic: false,
        fields: &[],
    },
    // 537
    TypeDef {
        name: "flowcontrol/v1.PolicyRulesWithSubjects",
        atomic: false,
        fields: &[
            f("nonResourceRules", List, 543, "", "", Atomic, &[], false, ByMergeKey),
            f("resourceRules", List, 542, "", "", Atomic, &[], false, ByMergeKey),
            f("subjects", List, 538, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 538
    TypeDef {
        name: "flowcontrol/v1.Subject",
        atomic: false,
        fields: &[
            f("group", Object, 540, "", "", Unset, &[], false, ByMergeKey),
            f("serviceAccount", Object, 541, "", "", Unset, &[], false, ByMergeKey),
            f("user", Object, 539, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 539
    TypeDef {
        name: "flowcontrol/v1.UserSubject",
        atomic: false,
        fields: &[],
    },
    // 540
    TypeDef {
        name: "flowcontrol/v1.GroupSubject",
        atomic: false,
        fields: &[],
    },
    // 541
    TypeDef {
        name: "flowcontrol/v1.ServiceAccountSubject",
        atomic: false,
        fields: &[],
    },
    // 542
    TypeDef {
        name: "flowcontrol/v1.ResourcePolicyRule",
        atomic: false,
        fields: &[
            f("apiGroups", List, NO_TYPE, "", "", Set, &[], false, ByMergeKey),
            f("namespaces", List, NO_TYPE, "", "", Set, &[], false, ByMergeKey),
            f("resources", List, NO_TYPE, "", "", Set, &[], false, ByMergeKey),
            f("verbs", List, NO_TYPE, "", "", Set, &[], false, ByMergeKey),
        ],
    },
    // 543
    TypeDef {
        name: "flowcontrol/v1.NonResourcePolicyRule",
        atomic: false,
        fields: &[
            f("nonResourceURLs", List, NO_TYPE, "", "", Set, &[], false, ByMergeKey),
            f("verbs", List, NO_TYPE, "", "", Set, &[], false, ByMergeKey),
        ],
    },
    // 544
    TypeDef {
        name: "flowcontrol/v1.FlowSchemaStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 545, "merge", "type", Keyed, &["type"], false, Replaces),
        ],
    },
    // 545
    TypeDef {
        name: "flowcontrol/v1.FlowSchemaCondition",
        atomic: false,
        fields: &[],
    },
    // 546
    TypeDef {
        name: "flowcontrol/v1.PriorityLevelConfiguration",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 547, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 552, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 547
    TypeDef {
        name: "flowcontrol/v1.PriorityLevelConfigurationSpec",
        atomic: false,
        fields: &[
            f("exempt", Object, 551, "", "", Unset, &[], false, ByMergeKey),
            f("limited", Object, 548, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 548
    TypeDef {
        name: "flowcontrol/v1.LimitedPriorityLevelConfiguration",
        atomic: false,
        fields: &[
            f("limitResponse", Object, 549, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 549
    TypeDef {
        name: "flowcontrol/v1.LimitResponse",
        atomic: false,
        fields: &[
            f("queuing", Object, 550, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 550
    TypeDef {
        name: "flowcontrol/v1.QueuingConfiguration",
        atomic: false,
        fields: &[],
    },
    // 551
    TypeDef {
        name: "flowcontrol/v1.ExemptPriorityLevelConfiguration",
        atomic: false,
        fields: &[],
    },
    // 552
    TypeDef {
        name: "flowcontrol/v1.PriorityLevelConfigurationStatus",
        atomic: false,
        fields: &[
            f("conditions", List, 553, "merge", "type", Keyed, &["type"], false, Replaces),
        ],
    },
    // 553
    TypeDef {
        name: "flowcontrol/v1.PriorityLevelConfigurationCondition",
        atomic: false,
        fields: &[],
    },
    // 554
    TypeDef {
        name: "apiextensions/v1.CustomResourceDefinition",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 555, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 570, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 555
    TypeDef {
        name: "apiextensions/v1.CustomResourceDefinitionSpec",
        atomic: false,
        fields: &[
            f("conversion", Object, 566, "", "", Unset, &[], false, ByMergeKey),
            f("names", Object, 556, "", "", Unset, &[], false, ByMergeKey),
            f("versions", List, 557, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 556
    TypeDef {
        name: "apiextensions/v1.CustomResourceDefinitionNames",
        atomic: false,
        fields: &[
            f("categories", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("shortNames", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 557
    TypeDef {
        name: "apiextensions/v1.CustomResourceDefinitionVersion",
        atomic: false,
        fields: &[
            f("additionalPrinterColumns", List, 564, "", "", Atomic, &[], false, ByMergeKey),
            f("schema", Object, 558, "", "", Unset, &[], false, ByMergeKey),
            f("selectableFields", List, 565, "", "", Atomic, &[], false, ByMergeKey),
            f("subresources", Object, 562, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 558
    TypeDef {
        name: "apiextensions/v1.CustomResourceValidation",
        atomic: false,
        fields: &[
            f("openAPIV3Schema", Object, 559, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 559
    TypeDef {
        name: "apiextensions/v1.JSONSchemaProps",
        atomic: false,
        fields: &[
            f("additionalItems", Object, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("additionalProperties", Object, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("allOf", List, 559, "", "", Atomic, &[], false, ByMergeKey),
            f("anyOf", List, 559, "", "", Atomic, &[], false, ByMergeKey),
            f("default", Object, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("definitions", Map, 559, "", "", Unset, &[], false, ByMergeKey),
            f("dependencies", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("enum", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("example", Object, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("externalDocs", Object, 560, "", "", Unset, &[], false, ByMergeKey),
            f("items", Object, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("not", Object, 559, "", "", Unset, &[], false, ByMergeKey),
            f("oneOf", List, 559, "", "", Atomic, &[], false, ByMergeKey),
            f("patternProperties", Map, 559, "", "", Unset, &[], false, ByMergeKey),
            f("properties", Map, 559, "", "", Unset, &[], false, ByMergeKey),
            f("required", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("x-kubernetes-list-map-keys", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("x-kubernetes-validations", List, 561, "merge", "rule", Keyed, &["rule"], false, Replaces),
        ],
    },
    // 560
    TypeDef {
        name: "apiextensions/v1.ExternalDocumentation",
        atomic: false,
        fields: &[],
    },
    // 561
    TypeDef {
        name: "apiextensions/v1.ValidationRule",
        atomic: false,
        fields: &[],
    },
    // 562
    TypeDef {
        name: "apiextensions/v1.CustomResourceSubresources",
        atomic: false,
        fields: &[
            f("scale", Object, 563, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 563
    TypeDef {
        name: "apiextensions/v1.CustomResourceSubresourceScale",
        atomic: false,
        fields: &[],
    },
    // 564
    TypeDef {
        name: "apiextensions/v1.CustomResourceColumnDefinition",
        atomic: false,
        fields: &[],
    },
    // 565
    TypeDef {
        name: "apiextensions/v1.SelectableField",
        atomic: false,
        fields: &[],
    },
    // 566
    TypeDef {
        name: "apiextensions/v1.CustomResourceConversion",
        atomic: false,
        fields: &[
            f("webhook", Object, 567, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 567
    TypeDef {
        name: "apiextensions/v1.WebhookConversion",
        atomic: false,
        fields: &[
            f("clientConfig", Object, 568, "", "", Unset, &[], false, ByMergeKey),
            f("conversionReviewVersions", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 568
    TypeDef {
        name: "apiextensions/v1.WebhookClientConfig",
        atomic: false,
        fields: &[
            f("service", Object, 569, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 569
    TypeDef {
        name: "apiextensions/v1.ServiceReference",
        atomic: false,
        fields: &[],
    },
    // 570
    TypeDef {
        name: "apiextensions/v1.CustomResourceDefinitionStatus",
        atomic: false,
        fields: &[
            f("acceptedNames", Object, 556, "", "", Unset, &[], false, ByMergeKey),
            f("conditions", List, 571, "", "", Keyed, &["type"], false, ByMergeKey),
            f("storedVersions", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 571
    TypeDef {
        name: "apiextensions/v1.CustomResourceDefinitionCondition",
        atomic: false,
        fields: &[],
    },
    // 572
    TypeDef {
        name: "apiextensions/v1beta1.CustomResourceDefinition",
        atomic: false,
        fields: &[
            f("metadata", Object, 1, "", "", Unset, &[], false, ByMergeKey),
            f("spec", Object, 573, "", "", Unset, &[], false, ByMergeKey),
            f("status", Object, 587, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 573
    TypeDef {
        name: "apiextensions/v1beta1.CustomResourceDefinitionSpec",
        atomic: false,
        fields: &[
            f("additionalPrinterColumns", List, 582, "", "", Atomic, &[], false, ByMergeKey),
            f("conversion", Object, 584, "", "", Unset, &[], false, ByMergeKey),
            f("names", Object, 574, "", "", Unset, &[], false, ByMergeKey),
            f("selectableFields", List, 583, "", "", Atomic, &[], false, ByMergeKey),
            f("subresources", Object, 579, "", "", Unset, &[], false, ByMergeKey),
            f("validation", Object, 575, "", "", Unset, &[], false, ByMergeKey),
            f("versions", List, 581, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 574
    TypeDef {
        name: "apiextensions/v1beta1.CustomResourceDefinitionNames",
        atomic: false,
        fields: &[
            f("categories", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("shortNames", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 575
    TypeDef {
        name: "apiextensions/v1beta1.CustomResourceValidation",
        atomic: false,
        fields: &[
            f("openAPIV3Schema", Object, 576, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 576
    TypeDef {
        name: "apiextensions/v1beta1.JSONSchemaProps",
        atomic: false,
        fields: &[
            f("additionalItems", Object, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("additionalProperties", Object, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("allOf", List, 576, "", "", Atomic, &[], false, ByMergeKey),
            f("anyOf", List, 576, "", "", Atomic, &[], false, ByMergeKey),
            f("default", Object, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("definitions", Map, 576, "", "", Unset, &[], false, ByMergeKey),
            f("dependencies", Map, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("enum", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("example", Object, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("externalDocs", Object, 577, "", "", Unset, &[], false, ByMergeKey),
            f("items", Object, NO_TYPE, "", "", Unset, &[], false, ByMergeKey),
            f("not", Object, 576, "", "", Unset, &[], false, ByMergeKey),
            f("oneOf", List, 576, "", "", Atomic, &[], false, ByMergeKey),
            f("patternProperties", Map, 576, "", "", Unset, &[], false, ByMergeKey),
            f("properties", Map, 576, "", "", Unset, &[], false, ByMergeKey),
            f("required", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("x-kubernetes-list-map-keys", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("x-kubernetes-validations", List, 578, "merge", "rule", Keyed, &["rule"], false, Replaces),
        ],
    },
    // 577
    TypeDef {
        name: "apiextensions/v1beta1.ExternalDocumentation",
        atomic: false,
        fields: &[],
    },
    // 578
    TypeDef {
        name: "apiextensions/v1beta1.ValidationRule",
        atomic: false,
        fields: &[],
    },
    // 579
    TypeDef {
        name: "apiextensions/v1beta1.CustomResourceSubresources",
        atomic: false,
        fields: &[
            f("scale", Object, 580, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 580
    TypeDef {
        name: "apiextensions/v1beta1.CustomResourceSubresourceScale",
        atomic: false,
        fields: &[],
    },
    // 581
    TypeDef {
        name: "apiextensions/v1beta1.CustomResourceDefinitionVersion",
        atomic: false,
        fields: &[
            f("additionalPrinterColumns", List, 582, "", "", Atomic, &[], false, ByMergeKey),
            f("schema", Object, 575, "", "", Unset, &[], false, ByMergeKey),
            f("selectableFields", List, 583, "", "", Atomic, &[], false, ByMergeKey),
            f("subresources", Object, 579, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 582
    TypeDef {
        name: "apiextensions/v1beta1.CustomResourceColumnDefinition",
        atomic: false,
        fields: &[],
    },
    // 583
    TypeDef {
        name: "apiextensions/v1beta1.SelectableField",
        atomic: false,
        fields: &[],
    },
    // 584
    TypeDef {
        name: "apiextensions/v1beta1.CustomResourceConversion",
        atomic: false,
        fields: &[
            f("conversionReviewVersions", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
            f("webhookClientConfig", Object, 585, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 585
    TypeDef {
        name: "apiextensions/v1beta1.WebhookClientConfig",
        atomic: false,
        fields: &[
            f("service", Object, 586, "", "", Unset, &[], false, ByMergeKey),
        ],
    },
    // 586
    TypeDef {
        name: "apiextensions/v1beta1.ServiceReference",
        atomic: false,
        fields: &[],
    },
    // 587
    TypeDef {
        name: "apiextensions/v1beta1.CustomResourceDefinitionStatus",
        atomic: false,
        fields: &[
            f("acceptedNames", Object, 574, "", "", Unset, &[], false, ByMergeKey),
            f("conditions", List, 588, "", "", Keyed, &["type"], false, ByMergeKey),
            f("storedVersions", List, NO_TYPE, "", "", Atomic, &[], false, ByMergeKey),
        ],
    },
    // 588
    TypeDef {
        name: "apiextensions/v1beta1.CustomResourceDefinitionCondition",
        atomic: false,
        fields: &[],
    },
];

/// (group, version, kind, index into [`TYPES`], whether kustomize v5's built-in
/// Kubernetes 1.21.2 schema knows the kind) of every built-in kind covered.
pub(crate) static KINDS: &[(&str, &str, &str, u16, bool)] = &[
    ("", "v1", "Binding", 0, true),
    ("", "v1", "ComponentStatus", 5, true),
    ("", "v1", "ConfigMap", 7, true),
    ("", "v1", "Endpoints", 8, true),
    ("", "v1", "Event", 12, true),
    ("", "v1", "LimitRange", 15, true),
    ("", "v1", "Namespace", 18, true),
    ("", "v1", "Node", 22, true),
    ("", "v1", "PersistentVolume", 40, true),
    ("", "v1", "PersistentVolumeClaim", 70, true),
    ("", "v1", "Pod", 80, true),
    ("", "v1", "PodStatusResult", 177, false),
    ("", "v1", "PodTemplate", 178, true),
    ("", "v1", "RangeAllocation", 180, false),
    ("", "v1", "ReplicationController", 181, true),
    ("", "v1", "ResourceQuota", 185, true),
    ("", "v1", "Secret", 190, true),
    ("", "v1", "Service", 191, true),
    ("", "v1", "ServiceAccount", 201, true),
    ("apps", "v1", "ControllerRevision", 202, true),
    ("apps", "v1", "DaemonSet", 203, true),
    ("apps", "v1", "Deployment", 209, true),
    ("apps", "v1", "ReplicaSet", 215, true),
    ("apps", "v1", "StatefulSet", 219, true),
    ("apps", "v1beta1", "ControllerRevision", 227, true),
    ("apps", "v1beta1", "Deployment", 228, true),
    ("apps", "v1beta1", "Scale", 235, true),
    ("apps", "v1beta1", "StatefulSet", 238, true),
    ("apps", "v1beta2", "ControllerRevision", 246, true),
    ("apps", "v1beta2", "DaemonSet", 247, true),
    ("apps", "v1beta2", "Deployment", 253, true),
    ("apps", "v1beta2", "ReplicaSet", 259, true),
    ("apps", "v1beta2", "Scale", 263, true),
    ("apps", "v1beta2", "StatefulSet", 266, true),
    ("batch", "v1", "CronJob", 274, true),
    ("batch", "v1", "Job", 285, true),
    ("batch", "v1beta1", "CronJob", 289, true),
    ("networking.k8s.io", "v1", "IPAddress", 293, false),
    ("networking.k8s.io", "v1", "Ingress", 296, true),
    ("networking.k8s.io", "v1", "IngressClass", 309, true),
    ("networking.k8s.io", "v1", "NetworkPolicy", 312, true),
    ("networking.k8s.io", "v1", "ServiceCIDR", 319, false),
    ("networking.k8s.io", "v1beta1", "IPAddress", 322, false),
    ("networking.k8s.io", "v1beta1", "Ingress", 325, true),
    ("networking.k8s.io", "v1beta1", "IngressClass", 336, true),
    ("networking.k8s.io", "v1beta1", "ServiceCIDR", 339, false),
    ("extensions", "v1beta1", "DaemonSet", 342, true),
    ("extensions", "v1beta1", "Deployment", 348, true),
    ("extensions", "v1beta1", "Ingress", 355, true),
    ("extensions", "v1beta1", "NetworkPolicy", 366, true),
    ("extensions", "v1beta1", "ReplicaSet", 373, true),
    ("extensions", "v1beta1", "Scale", 377, true),
    ("rbac.authorization.k8s.io", "v1", "ClusterRole", 380, true),
    ("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", 383, true),
    ("rbac.authorization.k8s.io", "v1", "Role", 386, true),
    ("rbac.authorization.k8s.io", "v1", "RoleBinding", 387, true),
    ("rbac.authorization.k8s.io", "v1beta1", "ClusterRole", 388, true),
    ("rbac.authorization.k8s.io", "v1beta1", "ClusterRoleBinding", 391, true),
    ("rbac.authorization.k8s.io", "v1beta1", "Role", 394, true),
    ("rbac.authorization.k8s.io", "v1beta1", "RoleBinding", 395, true),
    ("autoscaling", "v1", "HorizontalPodAutoscaler", 396, true),
    ("autoscaling", "v1", "Scale", 400, true),
    ("autoscaling", "v2", "HorizontalPodAutoscaler", 403, false),
    ("policy", "v1", "Eviction", 426, false),
    ("policy", "v1", "PodDisruptionBudget", 429, true),
    ("policy", "v1beta1", "Eviction", 432, true),
    ("policy", "v1beta1", "PodDisruptionBudget", 433, true),
    ("storage.k8s.io", "v1", "CSIDriver", 436, true),
    ("storage.k8s.io", "v1", "CSINode", 439, true),
    ("storage.k8s.io", "v1", "CSIStorageCapacity", 443, false),
    ("storage.k8s.io", "v1", "StorageClass", 444, true),
    ("storage.k8s.io", "v1", "VolumeAttachment", 447, true),
    ("storage.k8s.io", "v1beta1", "CSIDriver", 452, true),
    ("storage.k8s.io", "v1beta1", "CSINode", 455, true),
    ("storage.k8s.io", "v1beta1", "CSIStorageCapacity", 459, true),
    ("storage.k8s.io", "v1beta1", "StorageClass", 460, true),
    ("storage.k8s.io", "v1beta1", "VolumeAttachment", 461, true),
    ("storage.k8s.io", "v1beta1", "VolumeAttributesClass", 466, false),
    ("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", 467, true),
    ("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicy", 473, false),
    ("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicyBinding", 484, false),
    ("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", 487, true),
    ("admissionregistration.k8s.io", "v1beta1", "MutatingWebhookConfiguration", 489, true),
    ("admissionregistration.k8s.io", "v1beta1", "ValidatingAdmissionPolicy", 494, false),
    ("admissionregistration.k8s.io", "v1beta1", "ValidatingAdmissionPolicyBinding", 505, false),
    ("admissionregistration.k8s.io", "v1beta1", "ValidatingWebhookConfiguration", 508, true),
    ("coordination.k8s.io", "v1", "Lease", 510, true),
    ("coordination.k8s.io", "v1beta1", "Lease", 512, true),
    ("coordination.k8s.io", "v1beta1", "LeaseCandidate", 514, false),
    ("discovery.k8s.io", "v1", "EndpointSlice", 516, true),
    ("scheduling.k8s.io", "v1", "PriorityClass", 523, true),
    ("node.k8s.io", "v1", "RuntimeClass", 524, true),
    ("certificates.k8s.io", "v1", "CertificateSigningRequest", 527, true),
    ("events.k8s.io", "v1", "Event", 531, true),
    ("flowcontrol.apiserver.k8s.io", "v1", "FlowSchema", 533, false),
    ("flowcontrol.apiserver.k8s.io", "v1", "PriorityLevelConfiguration", 546, false),
    ("apiextensions.k8s.io", "v1", "CustomResourceDefinition", 554, true),
    ("apiextensions.k8s.io", "v1beta1", "CustomResourceDefinition", 572, true),
];

# One-off writer for tests/render/cases: each case is a dict of relative
# path -> file content. Kept to re-create or extend cases; the case
# directories are the source of truth.
import os, sys, textwrap
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases")
CASES = {}
def case(name, **files):
    CASES[name] = {k.replace("__", "/").replace("_DOT_", "."): textwrap.dedent(v).lstrip("\n") for k, v in files.items()}

DEPLOY = """
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      serviceAccountName: web-sa
      containers:
      - name: web
        image: nginx:1.25
        ports:
        - containerPort: 80
        envFrom:
        - configMapRef:
            name: web-config
        env:
        - name: PASSWORD
          valueFrom:
            secretKeyRef:
              name: web-secret
              key: password
        volumeMounts:
        - name: data
          mountPath: /data
      volumes:
      - name: data
        persistentVolumeClaim:
          claimName: web-data
      - name: cfg
        configMap:
          name: web-config
"""
SERVICE = """
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 80
"""
CM = """
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  A: "1"
  B: two
"""
SECRET = """
apiVersion: v1
kind: Secret
metadata:
  name: web-secret
type: Opaque
data:
  password: cGFzcw==
"""
SA = """
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web-sa
"""
PVC = """
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: web-data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
"""
ALL = DEPLOY + "---\n" + SERVICE.lstrip("\n") + "---\n" + CM.lstrip("\n") + "---\n" + SECRET.lstrip("\n") + "---\n" + SA.lstrip("\n") + "---\n" + PVC.lstrip("\n")

case("load-basic", kustomization_DOT_yaml="resources:\n- deploy.yaml\n- service.yaml\n", deploy_DOT_yaml=DEPLOY, service_DOT_yaml=SERVICE)
case("load-multidoc", kustomization_DOT_yaml="resources:\n- all.yaml\n", all_DOT_yaml=ALL)
case("load-kind-list", kustomization_DOT_yaml="resources:\n- list.yaml\n", list_DOT_yaml="""
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: a
  data: {x: "1"}
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: b
""")
case("load-kustomization-yml", kustomization_DOT_yml="resources:\n- cm.yaml\n", cm_DOT_yaml=CM)
case("load-Kustomization-name", Kustomization="apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- cm.yaml\n", cm_DOT_yaml=CM)
case("load-directory-resource", kustomization_DOT_yaml="resources:\n- base\n- extra.yaml\n", base__kustomization_DOT_yaml="resources:\n- deploy.yaml\n", base__deploy_DOT_yaml=DEPLOY, extra_DOT_yaml=SERVICE)
case("load-three-levels", **{"build-dir": "overlays/prod\n",
    "base__kustomization_DOT_yaml": "resources:\n- all.yaml\nnamePrefix: base-\n",
    "base__all_DOT_yaml": ALL,
    "overlays__staging__kustomization_DOT_yaml": "resources:\n- ../../base\nnamePrefix: stg-\nnamespace: staging\ncommonLabels:\n  env: staging\n",
    "overlays__prod__kustomization_DOT_yaml": "resources:\n- ../staging\nnameSuffix: -prod\nnamespace: prod\n"})
case("load-bases-field", kustomization_DOT_yaml="bases:\n- base\n", base__kustomization_DOT_yaml="resources:\n- cm.yaml\n", base__cm_DOT_yaml=CM)
case("load-empty-docs", kustomization_DOT_yaml="resources:\n- a.yaml\n", a_DOT_yaml="---\n# only a comment\n---\n" + CM + "---\n")
case("err-crds-not-openapi", **{"expect-error": ""}, kustomization_DOT_yaml="crds:\n- crd.yaml\nresources:\n- cr.yaml\nnamePrefix: x-\n", crd_DOT_yaml="""
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
""", cr_DOT_yaml="apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 3\n")
case("load-crds-openapi", kustomization_DOT_yaml="crds:\n- defs.json\nresources:\n- cr.yaml\nnamePrefix: x-\n", defs_DOT_json='{"com.example.v1.Widget": {"properties": {"spec": {"type": "object"}}}}\n', cr_DOT_yaml="apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 3\n")
case("load-component", kustomization_DOT_yaml="resources:\n- cm.yaml\ncomponents:\n- comp\n", cm_DOT_yaml=CM,
     comp__kustomization_DOT_yaml="apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncommonLabels:\n  team: a\nresources:\n- svc.yaml\n", comp__svc_DOT_yaml=SERVICE)
case("load-restrictor-none", **{"load-restrictor": "LoadRestrictionsNone\n", "build-dir": "app\n",
     "app__kustomization_DOT_yaml": "resources:\n- ../shared/cm.yaml\n", "shared__cm_DOT_yaml": CM})

# Errors: both must fail.
case("err-missing-resource", kustomization_DOT_yaml="resources:\n- nope.yaml\n", **{"expect-error": ""})
case("err-remote-url", kustomization_DOT_yaml="resources:\n- https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v3.3.1\n", **{"expect-error": ""})
case("err-unknown-field", kustomization_DOT_yaml="resources:\n- cm.yaml\nfrobnicate: true\n", cm_DOT_yaml=CM, **{"expect-error": ""})
case("err-invalid-yaml", kustomization_DOT_yaml="resources:\n- bad.yaml\n", bad_DOT_yaml="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: [\n", **{"expect-error": ""})
case("err-duplicate-id", kustomization_DOT_yaml="resources:\n- a.yaml\n- b.yaml\n", a_DOT_yaml=CM, b_DOT_yaml=CM, **{"expect-error": ""})
case("err-cycle", **{"build-dir": "a\n", "a__kustomization_DOT_yaml": "resources:\n- ../b\n", "b__kustomization_DOT_yaml": "resources:\n- ../a\n", "expect-error": ""})
case("err-file-outside-root", **{"build-dir": "app\n", "app__kustomization_DOT_yaml": "resources:\n- ../shared/cm.yaml\n", "shared__cm_DOT_yaml": CM, "expect-error": ""})
case("err-two-kustomization-files", kustomization_DOT_yaml="resources: []\n", kustomization_DOT_yml="resources: []\n", **{"expect-error": ""})
case("err-smp-no-target", kustomization_DOT_yaml="resources:\n- cm.yaml\npatchesStrategicMerge:\n- p.yaml\n", cm_DOT_yaml=CM, p_DOT_yaml="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\ndata:\n  x: y\n", **{"expect-error": ""})
case("err-generator-file-missing", kustomization_DOT_yaml="configMapGenerator:\n- name: c\n  files:\n  - missing.txt\n", **{"expect-error": ""})
case("err-component-as-resource", kustomization_DOT_yaml="resources:\n- comp\n", comp__kustomization_DOT_yaml="apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n", **{"expect-error": ""})
case("err-generator-exists", kustomization_DOT_yaml="resources:\n- cm.yaml\nconfigMapGenerator:\n- name: web-config\n  literals: [a=b]\n", cm_DOT_yaml=CM, **{"expect-error": ""})
case("err-merge-missing", kustomization_DOT_yaml="configMapGenerator:\n- name: nope\n  behavior: merge\n  literals: [a=b]\n", **{"expect-error": ""})

# Output format.
case("out-sort-order", kustomization_DOT_yaml="resources:\n- objs.yaml\n", objs_DOT_yaml="""
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: vwc
webhooks: []
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w2
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w1
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
  namespace: b
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
  namespace: a
---
apiVersion: v1
kind: Service
metadata:
  name: s
---
apiVersion: v1
kind: Namespace
metadata:
  name: zz
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: cr
---
apiVersion: batch/v1
kind: Job
metadata:
  name: j
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
""")
case("out-sort-fifo", kustomization_DOT_yaml="sortOptions:\n  order: fifo\nresources:\n- objs.yaml\n", objs_DOT_yaml="apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n")
case("out-sort-custom-legacy", kustomization_DOT_yaml="sortOptions:\n  order: legacy\n  legacySortOptions:\n    orderFirst: [ConfigMap]\n    orderLast: [Namespace]\nresources:\n- objs.yaml\n", objs_DOT_yaml="apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n")
case("out-scalar-styles", kustomization_DOT_yaml="resources:\n- cr.yaml\n", cr_DOT_yaml="""
kind: Foo
apiVersion: x.io/v1
metadata:
  name: web
  annotations:
    a: 'single'
    d: "yes"
    e: "123"
    f: |
      multi
      line
    g: "line1\\nline2"
    h: 'it''s'
    i: "   lead"
    j: ""
    "y": 'trailing   '
    z: "tab\\there"
spec:
  k: 1.0
  l: 1e3
  l2: 1.5e10
  m: 0x1F
  n: ~
  o: yes
  o2: True
  s: 012
  u: 1_000
  half: 0.5
  small: 0.00001
  neg: -5
  big: 123456789012345678901234
  emptylist: []
  emptymap: {}
  nested: [[1,2],[3]]
  r: "very long string very long string very long string very long string very long string very long string very long string"
  r2: "very long string very long string very long string very long string very long string very long string\\nsecond"
  r3: "trailing\\n"
  r4: "trailing\\n\\n"
  r5: " lead\\nx"
  r6: "x\\n  indented"
  uni: "héllo ☃"
  colon: "a: b"
  hash: "a #b"
  dash: "- x"
  star: "*x"
  amp: "&x"
  q1: "'"
  lt: "<<"
  dot: ".5"
  plus: "+1"
  date: 2001-12-14
  datestr: "2001-12-14"
  version: "1.2.3"
  on: "on"
  key with spaces: v
  "10": ten
  "9": nine
  a10: x
  a9: y
  A: upper
  _u: under
  long: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbbb"
  dq: "needs \\"quotes\\" and: colon #hash long long long long long long long long long long long long long long"
  last: "x\\n\\n"
""")
case("out-anchors", kustomization_DOT_yaml="resources:\n- cm.yaml\n", cm_DOT_yaml="""
apiVersion: v1
kind: ConfigMap
metadata:
  name: anchors
  labels: &l
    a: b
  annotations:
    <<: *l
    c: d
data:
  x: &v value
  y: *v
""")

# Namespace.
case("ns-basic", kustomization_DOT_yaml="namespace: team\nresources:\n- all.yaml\n- cluster.yaml\n", all_DOT_yaml=ALL, cluster_DOT_yaml="""
apiVersion: v1
kind: Namespace
metadata:
  name: old
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: reader
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: reader
subjects:
- kind: ServiceAccount
  name: web-sa
  namespace: elsewhere
- kind: ServiceAccount
  name: default
  namespace: kube-system
- kind: User
  name: alice
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: fast
provisioner: x
""")
case("ns-override-existing", kustomization_DOT_yaml="namespace: new\nresources:\n- cm.yaml\n", cm_DOT_yaml="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: old\n")
case("ns-webhook-apiservice", kustomization_DOT_yaml="namespace: sys\nnamePrefix: p-\nresources:\n- objs.yaml\n", objs_DOT_yaml="""
apiVersion: v1
kind: Service
metadata:
  name: hook
spec:
  ports:
  - port: 443
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: mwc
webhooks:
- name: m.example.com
  clientConfig:
    service:
      name: hook
      namespace: default
      path: /mutate
  admissionReviewVersions: [v1]
  sideEffects: None
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata:
  name: v1.metrics.example.com
spec:
  group: metrics.example.com
  version: v1
  service:
    name: hook
    namespace: default
  groupPriorityMinimum: 100
  versionPriority: 100
""")
case("ns-rolebinding-sa", kustomization_DOT_yaml="namespace: apps\nresources:\n- rbac.yaml\n", rbac_DOT_yaml="""
apiVersion: v1
kind: ServiceAccount
metadata:
  name: runner
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: runner
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: runner
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: runner
subjects:
- kind: ServiceAccount
  name: runner
- kind: ServiceAccount
  name: default
""")

# Prefix/suffix and references.
case("prefix-refs", kustomization_DOT_yaml="namePrefix: pre-\nnameSuffix: -suf\nresources:\n- all.yaml\n", all_DOT_yaml=ALL)
case("prefix-rbac", kustomization_DOT_yaml="namePrefix: p-\nresources:\n- rbac.yaml\n", rbac_DOT_yaml="""
apiVersion: v1
kind: ServiceAccount
metadata:
  name: sa
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: r
rules:
- apiGroups: [""]
  resources: [configmaps]
  resourceNames: [cm]
  verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: r
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: rb
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: r
subjects:
- kind: ServiceAccount
  name: sa
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: crb
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: r
subjects:
- kind: ServiceAccount
  name: sa
  namespace: default
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
""")
case("prefix-workload-refs", kustomization_DOT_yaml="namePrefix: app-\nresources:\n- objs.yaml\n", objs_DOT_yaml="""
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      priorityClassName: high
      containers:
      - name: db
        image: postgres
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      storageClassName: fast
      accessModes: [ReadWriteOnce]
---
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: db
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: StatefulSet
    name: db
  minReplicas: 1
  maxReplicas: 3
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: high
value: 1000
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: fast
provisioner: x
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  ingressClassName: nginx
  defaultBackend:
    service:
      name: db
      port: {number: 80}
  tls:
  - secretName: tls
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: db
            port: {number: 80}
---
apiVersion: v1
kind: Secret
metadata:
  name: tls
type: kubernetes.io/tls
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
""")
case("prefix-cronjob-job", kustomization_DOT_yaml="namePrefix: x-\nresources:\n- objs.yaml\n", objs_DOT_yaml="""
apiVersion: batch/v1
kind: CronJob
metadata:
  name: cj
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          serviceAccountName: sa
          restartPolicy: Never
          containers:
          - name: c
            image: busybox
            envFrom:
            - secretRef:
                name: s
          volumes:
          - name: v
            projected:
              sources:
              - configMap:
                  name: c
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
---
apiVersion: v1
kind: Secret
metadata:
  name: s
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: sa
""")
case("prefix-skips-crd-namespace", kustomization_DOT_yaml="namePrefix: p-\nresources:\n- objs.yaml\n", objs_DOT_yaml="apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ws.example.com\nspec:\n  group: example.com\n  names: {kind: W, plural: ws}\n  scope: Namespaced\n  versions: []\n")
case("prefix-unresolved-ref", kustomization_DOT_yaml="namePrefix: p-\nresources:\n- deploy.yaml\n", deploy_DOT_yaml=DEPLOY)
case("prefix-two-bases-same-name", kustomization_DOT_yaml="resources:\n- a\n- b\n",
     a__kustomization_DOT_yaml="namePrefix: a-\nresources:\n- all.yaml\n", a__all_DOT_yaml=CM + "---\n" + DEPLOY.lstrip("\n").replace("name: web\n", "name: webby\n", 1),
     b__kustomization_DOT_yaml="namePrefix: b-\nresources:\n- all.yaml\n", b__all_DOT_yaml=CM + "---\n" + DEPLOY.lstrip("\n").replace("name: web\n", "name: webby\n", 1))

# Labels and annotations.
case("labels-common", kustomization_DOT_yaml="commonLabels:\n  app.kubernetes.io/part-of: shop\n  tier: front\nresources:\n- all.yaml\n- more.yaml\n", all_DOT_yaml=ALL, more_DOT_yaml="""
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: db
        image: postgres
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: cj
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: c
            image: busybox
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: pdb
spec:
  selector:
    matchLabels: {app: web}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: np
spec:
  podSelector:
    matchLabels: {app: web}
  ingress:
  - from:
    - podSelector:
        matchLabels: {app: other}
""")
case("labels-new-field", kustomization_DOT_yaml="""
labels:
- pairs:
    plain: "yes"
- pairs:
    templ: t
  includeTemplates: true
- pairs:
    sel: s
  includeSelectors: true
- pairs:
    custom: c
  fields:
  - path: spec/custom/labels
    kind: Deployment
    create: true
resources:
- deploy.yaml
- service.yaml
""", deploy_DOT_yaml=DEPLOY, service_DOT_yaml=SERVICE)
case("annotations-common", kustomization_DOT_yaml="commonAnnotations:\n  note: \"hello: world\"\n  num: \"42\"\nresources:\n- all.yaml\n", all_DOT_yaml=ALL)
case("labels-service-without-selector", kustomization_DOT_yaml="commonLabels:\n  a: b\nresources:\n- svc.yaml\n", svc_DOT_yaml="apiVersion: v1\nkind: Service\nmetadata:\n  name: ext\nspec:\n  type: ExternalName\n  externalName: example.com\n")

# Images and replicas.
case("images", kustomization_DOT_yaml="""
images:
- name: nginx
  newTag: "1.27"
- name: busybox
  newName: registry.example.com:5000/tools/busybox
- name: redis
  digest: sha256:24a0c4b4a4c0eb97a1aabb8e29f18e917d05abfe1b7a7c07857230879ce7d3d3
- name: postgres
  newName: pg
  newTag: "16"
- name: gcr.io/proj/app
  newTag: v2
resources:
- pods.yaml
""", pods_DOT_yaml="""
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  selector:
    matchLabels: {a: b}
  template:
    metadata:
      labels: {a: b}
    spec:
      initContainers:
      - name: init
        image: busybox
      containers:
      - name: web
        image: nginx:1.25
      - name: cache
        image: redis:7@sha256:0000000000000000000000000000000000000000000000000000000000000000
      - name: app
        image: gcr.io/proj/app:v1
      - name: other
        image: nginx-other:1
---
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: db
    image: postgres
---
apiVersion: example.com/v1
kind: Runner
metadata:
  name: r
spec:
  deep:
    containers:
    - name: x
      image: nginx
""")
case("replicas", kustomization_DOT_yaml="replicas:\n- name: web\n  count: 5\n- name: db\n  count: 0\nresources:\n- objs.yaml\n", objs_DOT_yaml=DEPLOY + "---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  selector:\n    matchLabels: {a: b}\n  template:\n    metadata:\n      labels: {a: b}\n    spec:\n      containers:\n      - name: db\n        image: pg\n")
case("replicas-after-prefix", kustomization_DOT_yaml="namePrefix: p-\nreplicas:\n- name: web\n  count: 2\nresources:\n- deploy.yaml\n", deploy_DOT_yaml=DEPLOY)

# Generators.
case("gen-configmap", kustomization_DOT_yaml="""
configMapGenerator:
- name: app
  literals:
  - LOG_LEVEL=debug
  - QUOTED="with quotes"
  - EMPTY=
  - EQ=a=b
  files:
  - config.json
  - renamed.txt=notes.txt
  envs:
  - app.env
""", config_DOT_json='{"a": 1, "b": "<x>"}\n', notes_DOT_txt="line one\nline two\n", app_DOT_env="# comment\nFOO=bar\n\nBAZ=qux quux\nNOVALUE\n")
case("gen-secret", kustomization_DOT_yaml="""
secretGenerator:
- name: creds
  literals:
  - username=admin
  - password=s3cr3t!
- name: tls
  type: kubernetes.io/tls
  files:
  - tls.crt
  - tls.key
""", tls_DOT_crt="CERT\n", tls_DOT_key="KEY\n")
case("gen-options", kustomization_DOT_yaml="""
generatorOptions:
  labels:
    gen: "true"
  annotations:
    note: global
configMapGenerator:
- name: hashed
  literals: [a=1]
  options:
    labels:
      local: x
    annotations:
      note: local
- name: plain
  literals: [a=1]
  options:
    disableNameSuffixHash: true
    immutable: true
secretGenerator:
- name: s
  literals: [k=v]
""")
case("gen-disable-hash-global", kustomization_DOT_yaml="generatorOptions:\n  disableNameSuffixHash: true\nconfigMapGenerator:\n- name: c\n  literals: [a=1]\n")
case("gen-hash-propagation", kustomization_DOT_yaml="""
namePrefix: shop-
resources:
- deploy.yaml
configMapGenerator:
- name: web-config
  literals: [A=1]
secretGenerator:
- name: web-secret
  literals: [password=pw]
""", deploy_DOT_yaml=DEPLOY)
case("gen-merge-overlay", **{"build-dir": "overlay\n",
    "base__kustomization_DOT_yaml": "namePrefix: base-\nconfigMapGenerator:\n- name: cfg\n  literals: [A=1, B=2]\nresources:\n- deploy.yaml\n",
    "base__deploy_DOT_yaml": DEPLOY.replace("web-config", "cfg"),
    "overlay__kustomization_DOT_yaml": "resources:\n- ../base\nconfigMapGenerator:\n- name: cfg\n  behavior: merge\n  literals: [B=3, C=4]\n  options:\n    labels:\n      merged: \"yes\"\n"})
case("gen-replace-overlay", **{"build-dir": "overlay\n",
    "base__kustomization_DOT_yaml": "configMapGenerator:\n- name: cfg\n  literals: [A=1, B=2]\n",
    "overlay__kustomization_DOT_yaml": "resources:\n- ../base\nnamespace: x\nconfigMapGenerator:\n- name: cfg\n  behavior: replace\n  literals: [Z=9]\n"})
case("gen-merge-into-plain", kustomization_DOT_yaml="resources:\n- cm.yaml\nconfigMapGenerator:\n- name: web-config\n  behavior: merge\n  literals: [C=3]\n", cm_DOT_yaml=CM)
case("gen-namespace", kustomization_DOT_yaml="configMapGenerator:\n- name: c\n  namespace: other\n  literals: [a=1]\n")
case("gen-binary-file", kustomization_DOT_yaml="configMapGenerator:\n- name: bin\n  files:\n  - blob.bin\n", **{"blob_DOT_bin": "\udcff\udcfe binary"})
case("gen-multiline-values", kustomization_DOT_yaml="configMapGenerator:\n- name: ml\n  files:\n  - script.sh\n  - trailing.txt\n", script_DOT_sh="#!/bin/sh\necho \"hi\"\n  indented\n", trailing_DOT_txt="no newline at end")

# Patches.
case("patch-smp-inline", kustomization_DOT_yaml="""
resources:
- deploy.yaml
patches:
- patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      replicas: 3
      template:
        spec:
          containers:
          - name: web
            image: nginx:1.26
            resources:
              limits:
                memory: 128Mi
          - name: sidecar
            image: envoy
""", deploy_DOT_yaml=DEPLOY)
case("patch-smp-file-env-merge", kustomization_DOT_yaml="resources:\n- deploy.yaml\npatches:\n- path: patch.yaml\n", deploy_DOT_yaml=DEPLOY, patch_DOT_yaml="""
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: web
        env:
        - name: EXTRA
          value: "1"
        - name: PASSWORD
          value: plain
        ports:
        - containerPort: 8080
          name: alt
      volumes:
      - name: cfg
        $patch: delete
""")
case("patch-json6902-inline", kustomization_DOT_yaml="""
resources:
- deploy.yaml
patches:
- target:
    kind: Deployment
    name: web
  patch: |-
    - op: replace
      path: /spec/replicas
      value: 4
    - op: add
      path: /metadata/annotations
      value:
        patched: "true"
    - op: remove
      path: /spec/template/spec/volumes/1
    - op: add
      path: /spec/template/spec/containers/0/args
      value: ["--verbose"]
""", deploy_DOT_yaml=DEPLOY)
case("patch-json6902-json-file", kustomization_DOT_yaml="resources:\n- service.yaml\npatchesJson6902:\n- target:\n    version: v1\n    kind: Service\n    name: web\n  path: ops.json\n", service_DOT_yaml=SERVICE, ops_DOT_json='[{"op": "add", "path": "/spec/type", "value": "NodePort"}, {"op": "test", "path": "/spec/ports/0/port", "value": 80}]\n')
case("patch-target-regex-labels", kustomization_DOT_yaml="""
resources:
- objs.yaml
patches:
- target:
    kind: Deployment
    name: "web-.*"
  patch: |-
    - op: add
      path: /metadata/labels/matched-by-name
      value: "yes"
- target:
    labelSelector: "tier in (front,edge),!legacy"
  patch: |-
    apiVersion: v1
    kind: Any
    metadata:
      name: ignored
      annotations:
        matched-by-label: "yes"
- target:
    annotationSelector: "owner=team-a"
    kind: ConfigMap|Deployment
  patch: |-
    - op: add
      path: /metadata/labels/owned
      value: "a"
""", objs_DOT_yaml="""
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-1
  labels: {tier: front}
  annotations: {owner: team-a}
spec:
  template:
    spec:
      containers: []
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-2
  labels: {tier: edge, legacy: "true"}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels: {tier: back}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
  labels: {tier: edge}
  annotations: {owner: team-a}
""")
case("patch-legacy-smp", kustomization_DOT_yaml="resources:\n- all.yaml\npatchesStrategicMerge:\n- svc_patch.yaml\n- |-\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: web-config\n  data:\n    B: patched\n    A: null\n", all_DOT_yaml=ALL, svc_patch_DOT_yaml="".join(["apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 443\n    targetPort: 8443\n    name: https\n"]))
case("patch-delete-object", kustomization_DOT_yaml="resources:\n- all.yaml\npatches:\n- patch: |-\n    $patch: delete\n    apiVersion: v1\n    kind: Secret\n    metadata:\n      name: web-secret\n", all_DOT_yaml=ALL)
case("patch-custom-resource-merge", kustomization_DOT_yaml="resources:\n- cr.yaml\npatches:\n- patch: |-\n    apiVersion: example.com/v1\n    kind: Widget\n    metadata:\n      name: w\n    spec:\n      list: [3]\n      map:\n        b: null\n        c: 3\n", cr_DOT_yaml="apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  list: [1, 2]\n  map: {a: 1, b: 2}\n")
case("patch-name-change", kustomization_DOT_yaml="resources:\n- cm.yaml\n- deploy.yaml\npatches:\n- target:\n    kind: ConfigMap\n    name: web-config\n  patch: |-\n    - op: replace\n      path: /metadata/name\n      value: renamed-config\n", cm_DOT_yaml=CM, deploy_DOT_yaml=DEPLOY)
case("patch-smp-target-many", kustomization_DOT_yaml="resources:\n- objs.yaml\npatches:\n- target:\n    kind: Deployment\n  patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: not-important\n    spec:\n      template:\n        spec:\n          securityContext:\n            runAsNonRoot: true\n", objs_DOT_yaml=DEPLOY + "---\n" + DEPLOY.lstrip("\n").replace("name: web\n", "name: other\n", 1))

# Interactions.
case("mix-overlay-everything", **{"build-dir": "overlays/prod\n",
    "base__kustomization_DOT_yaml": "resources:\n- deploy.yaml\n- service.yaml\n- sa.yaml\n- pvc.yaml\nconfigMapGenerator:\n- name: web-config\n  literals: [A=1]\nsecretGenerator:\n- name: web-secret\n  literals: [password=x]\n",
    "base__deploy_DOT_yaml": DEPLOY, "base__service_DOT_yaml": SERVICE, "base__sa_DOT_yaml": SA, "base__pvc_DOT_yaml": PVC,
    "components__monitoring__kustomization_DOT_yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n- target:\n    kind: Deployment\n  patch: |-\n    - op: add\n      path: /spec/template/metadata/annotations\n      value:\n        prometheus.io/scrape: \"true\"\nconfigMapGenerator:\n- name: monitoring\n  literals: [scrape=true]\n",
    "overlays__prod__kustomization_DOT_yaml": "resources:\n- ../../base\ncomponents:\n- ../../components/monitoring\nnamespace: prod\nnamePrefix: prod-\ncommonLabels:\n  env: prod\nimages:\n- name: nginx\n  newTag: 1.27-alpine\nreplicas:\n- name: web\n  count: 3\nconfigMapGenerator:\n- name: web-config\n  behavior: merge\n  literals: [B=2]\npatches:\n- path: patch.yaml\n",
    "overlays__prod__patch_DOT_yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        resources:\n          requests:\n            cpu: 100m\n"})
case("mix-two-overlays-same-base", kustomization_DOT_yaml="resources:\n- dev\n- prod\n",
    base__kustomization_DOT_yaml="resources:\n- deploy.yaml\nconfigMapGenerator:\n- name: web-config\n  literals: [A=1]\n", base__deploy_DOT_yaml=DEPLOY,
    dev__kustomization_DOT_yaml="resources:\n- ../base\nnamespace: dev\nnamePrefix: dev-\n",
    prod__kustomization_DOT_yaml="resources:\n- ../base\nnamespace: prod\nnamePrefix: prod-\nconfigMapGenerator:\n- name: web-config\n  behavior: merge\n  literals: [A=2]\n")
case("mix-component-order", kustomization_DOT_yaml="resources:\n- cm.yaml\nnamePrefix: top-\ncomponents:\n- c1\n- c2\n", cm_DOT_yaml=CM,
    c1__kustomization_DOT_yaml="apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nnameSuffix: -c1\n",
    c2__kustomization_DOT_yaml="apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n- target:\n    kind: ConfigMap\n    name: web-config\n  patch: |-\n    - op: add\n      path: /data/C\n      value: from-c2\n")
case("mix-namespace-prefix-generator", kustomization_DOT_yaml="namespace: ns1\nnamePrefix: a-\nnameSuffix: -z\nresources:\n- deploy.yaml\nconfigMapGenerator:\n- name: web-config\n  literals: [X=1]\nsecretGenerator:\n- name: web-secret\n  literals: [password=p]\n", deploy_DOT_yaml=DEPLOY)

# Replacements.
case("repl-basic", kustomization_DOT_yaml="""
resources:
- deploy.yaml
- cm.yaml
replacements:
- source:
    kind: ConfigMap
    name: web-config
    fieldPath: data.B
  targets:
  - select:
      kind: Deployment
    fieldPaths:
    - spec.template.spec.containers.[name=web].env.[name=PASSWORD].value
    - metadata.annotations.copied
    options:
      create: true
- source:
    kind: Deployment
    name: web
  targets:
  - select:
      kind: ConfigMap
    fieldPaths:
    - data.OWNER
    options:
      create: true
""", deploy_DOT_yaml=DEPLOY, cm_DOT_yaml=CM)
case("repl-delimiter", kustomization_DOT_yaml="""
resources:
- deploy.yaml
- cm.yaml
replacements:
- source:
    kind: Deployment
    fieldPath: spec.template.spec.containers.0.image
    options:
      delimiter: ":"
      index: 1
  targets:
  - select:
      kind: ConfigMap
    fieldPaths: [data.B]
    options:
      delimiter: "-"
      index: 0
  - select:
      kind: ConfigMap
    fieldPaths: [data.A]
    options:
      delimiter: "-"
      index: 5
""", deploy_DOT_yaml=DEPLOY, cm_DOT_yaml=CM.replace("B: two", "B: two-three"))
case("repl-file-and-reject", kustomization_DOT_yaml="resources:\n- objs.yaml\nreplacements:\n- path: repl.yaml\n", repl_DOT_yaml="""
source:
  kind: ConfigMap
  name: src
  fieldPath: data.value
targets:
- select:
    kind: Deployment
  reject:
  - name: skip
  fieldPaths:
  - spec.template.spec.containers.*.image
""", objs_DOT_yaml="""
apiVersion: v1
kind: ConfigMap
metadata:
  name: src
data:
  value: busybox:1.36
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: a
spec:
  template:
    spec:
      containers:
      - name: one
        image: x
      - name: two
        image: y
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: skip
spec:
  template:
    spec:
      containers:
      - name: one
        image: x
""")
case("err-repl-wildcard-on-map", **{"expect-error": ""}, kustomization_DOT_yaml="resources:\n- cm.yaml\nreplacements:\n- source:\n    kind: ConfigMap\n    fieldPath: data.A\n  targets:\n  - select:\n      kind: ConfigMap\n    fieldPaths: [data.*]\n", cm_DOT_yaml=CM)
case("repl-keeps-target-type", kustomization_DOT_yaml="""
resources:
- objs.yaml
replacements:
- source:
    kind: ConfigMap
    name: c
    fieldPath: data.replicas
  targets:
  - select:
      kind: Deployment
    fieldPaths: [spec.replicas]
- source:
    kind: Deployment
    fieldPath: spec.template.spec.containers.[name=web].ports.0.containerPort
  targets:
  - select:
      kind: ConfigMap
    fieldPaths: [data.port]
""", objs_DOT_yaml=DEPLOY + "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  replicas: \"5\"\n  port: x\n")
case("err-repl-target-missing", **{"expect-error": ""}, kustomization_DOT_yaml="resources:\n- cm.yaml\nreplacements:\n- source:\n    kind: ConfigMap\n    fieldPath: data.A\n  targets:\n  - select:\n      kind: ConfigMap\n    fieldPaths: [data.nothere.deep]\n", cm_DOT_yaml=CM)
case("err-repl-source-missing", **{"expect-error": ""}, kustomization_DOT_yaml="resources:\n- cm.yaml\nreplacements:\n- source:\n    kind: Secret\n  targets:\n  - select:\n      kind: ConfigMap\n", cm_DOT_yaml=CM)
case("mix-prefix-hash-patch-replacement", **{"build-dir": "overlay\n",
    "base__kustomization_DOT_yaml": "resources:\n- deploy.yaml\n- service.yaml\nconfigMapGenerator:\n- name: web-config\n  literals: [A=1]\n",
    "base__deploy_DOT_yaml": DEPLOY, "base__service_DOT_yaml": SERVICE,
    "overlay__kustomization_DOT_yaml": """
resources:
- ../base
namePrefix: ov-
namespace: shop
patches:
- patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      template:
        spec:
          containers:
          - name: web
            env:
            - name: SERVICE_HOST
              value: placeholder
replacements:
- source:
    kind: Service
    name: web
  targets:
  - select:
      kind: Deployment
    fieldPaths:
    - spec.template.spec.containers.[name=web].env.[name=SERVICE_HOST].value
- source:
    kind: ConfigMap
    name: web-config
  targets:
  - select:
      kind: Deployment
    fieldPaths:
    - metadata.annotations.config-name
    options:
      create: true
"""})

# More interactions and edge cases.
case("patch-directives", kustomization_DOT_yaml="""
resources:
- deploy.yaml
patches:
- patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      template:
        spec:
          $setElementOrder/containers:
          - name: sidecar
          - name: web
          containers:
          - name: sidecar
            image: envoy
          volumes:
          - $patch: replace
          - name: only
            emptyDir: {}
- patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      strategy:
        $retainKeys: [type]
        type: Recreate
""", deploy_DOT_yaml=DEPLOY.replace("  replicas: 1\n", "  replicas: 1\n  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 1\n"))
case("labels-create-selectors", kustomization_DOT_yaml="commonLabels:\n  app: x\nresources:\n- objs.yaml\n", objs_DOT_yaml="""
apiVersion: apps/v1
kind: Deployment
metadata:
  name: bare
spec:
  template:
    spec:
      containers:
      - name: c
        image: busybox
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ds
spec:
  template:
    spec:
      containers:
      - name: c
        image: busybox
---
apiVersion: batch/v1
kind: Job
metadata:
  name: j
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: c
        image: busybox
""")
case("prefix-suffix-hash", kustomization_DOT_yaml="namePrefix: a-\nnameSuffix: -z\nconfigMapGenerator:\n- name: cm\n  env: vars.env\nsecretGenerator:\n- name: sec\n  envs: [vars.env]\n  type: Opaque\n", vars_DOT_env="A=1\nB=two words\n")
case("images-digest-and-suffix", kustomization_DOT_yaml="""
images:
- name: app
  newTag: v2
  digest: sha256:1111111111111111111111111111111111111111111111111111111111111111
- name: tool
  tagSuffix: -debug
- name: my.registry:5000/team/svc
  newName: other.registry/team/svc
resources:
- pod.yaml
""", pod_DOT_yaml="""
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: a
    image: app:v1
  - name: t
    image: tool:1.0
  - name: s
    image: my.registry:5000/team/svc:3@sha256:2222222222222222222222222222222222222222222222222222222222222222
  - name: untagged-tool
    image: tool
""")
case("gen-secret-merge-overlay", **{"build-dir": "overlay\n",
    "base__kustomization_DOT_yaml": "secretGenerator:\n- name: creds\n  literals: [user=a, pass=b]\ngeneratorOptions:\n  labels:\n    from: base\nresources:\n- deploy.yaml\n",
    "base__deploy_DOT_yaml": DEPLOY.replace("web-secret", "creds"),
    "overlay__kustomization_DOT_yaml": "resources:\n- ../base\nnamePrefix: o-\nsecretGenerator:\n- name: creds\n  behavior: merge\n  literals: [pass=c]\ngeneratorOptions:\n  labels:\n    from: overlay\n"})
case("ingress-v1beta1-refs", kustomization_DOT_yaml="namePrefix: x-\nresources:\n- objs.yaml\n", objs_DOT_yaml="""
apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata:
  name: old
  annotations:
    nginx.ingress.kubernetes.io/auth-secret: basic
spec:
  backend:
    serviceName: svc
    servicePort: 80
  rules:
  - http:
      paths:
      - backend:
          serviceName: svc
          servicePort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: svc
---
apiVersion: v1
kind: Secret
metadata:
  name: basic
""")
case("nested-components", kustomization_DOT_yaml="resources:\n- cm.yaml\ncomponents:\n- outer\n", cm_DOT_yaml=CM,
    outer__kustomization_DOT_yaml="apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncomponents:\n- ../inner\ncommonAnnotations:\n  outer: \"1\"\n",
    inner__kustomization_DOT_yaml="apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nconfigMapGenerator:\n- name: web-config\n  behavior: merge\n  literals: [INNER=1]\n")
case("overlay-smp-on-prefixed-base", **{"build-dir": "overlay\n",
    "base__kustomization_DOT_yaml": "namePrefix: b-\nnamespace: base-ns\nresources:\n- deploy.yaml\n", "base__deploy_DOT_yaml": DEPLOY,
    "overlay__kustomization_DOT_yaml": "resources:\n- ../base\npatchesStrategicMerge:\n- patch.yaml\n",
    "overlay__patch_DOT_yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: base-ns\nspec:\n  replicas: 9\n"})
case("cluster-scoped-prefix", kustomization_DOT_yaml="namePrefix: p-\nnamespace: ns\nresources:\n- objs.yaml\n", objs_DOT_yaml="""
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: viewer
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: viewer
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: viewer
subjects:
- kind: ServiceAccount
  name: sa
  namespace: somewhere
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: sa
---
apiVersion: example.com/v1
kind: Thing
metadata:
  name: t
spec:
  serviceAccountName: sa
""")
case("out-long-and-unicode", kustomization_DOT_yaml="resources:\n- cm.yaml\n", cm_DOT_yaml="""
apiVersion: v1
kind: ConfigMap
metadata:
  name: text
  annotations:
    a-very-long-annotation-key.example.com/with-a-long-path-segment-that-keeps-going-and-going-and-going-for-a-while-longer-than-128-bytes: v
data:
  emoji: "ok 😀 done"
  nbsp: "a\u00a0b"
  space-newline: "a \nb"
  tabs-in-block: "line1\n\tline2\n"
  folded: >
    folded text
    continues here
  literal-keep: |+
    keep

  deep: "word word word word word word word word word word word word word word word word word word word word word word"
  url: "https://example.com/a/very/long/path/that/has/no/spaces/at/all/and/therefore/cannot/be/folded/anywhere/x"
  sq: "it's a 'quoted' string: with colon and a very long tail to force folding of single quoted scalars ok"
  list-like: "[1, 2]"
  bool-like: "off"
  null-like: "Null"
  zero-octal: "0o17"
  sci: "1e10"
  inf: ".inf"
  dash-space: "- item"
  question: "? key"
  percent: "%TAG"
  backslash: 'C:\\path'
  backslash2: "C:\\\\path"
""")
case("err-replicas-no-match", **{"expect-error": ""}, kustomization_DOT_yaml="replicas:\n- name: nothere\n  count: 2\nresources:\n- deploy.yaml\n", deploy_DOT_yaml=DEPLOY)
case("err-json-patch-bad-path", **{"expect-error": ""}, kustomization_DOT_yaml="resources:\n- deploy.yaml\npatches:\n- target:\n    kind: Deployment\n  patch: |-\n    - op: replace\n      path: /spec/nothere/x\n      value: 1\n", deploy_DOT_yaml=DEPLOY)
case("err-namespace-conflict", **{"expect-error": ""}, kustomization_DOT_yaml="namespace: same\nresources:\n- objs.yaml\n", objs_DOT_yaml="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: b\n")
case("err-component-wrong-version", **{"expect-error": ""}, kustomization_DOT_yaml="components:\n- c\n", c__kustomization_DOT_yaml="apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Component\n")
case("err-patch-both-path-and-patch", **{"expect-error": ""}, kustomization_DOT_yaml="resources:\n- cm.yaml\npatches:\n- path: p.yaml\n  patch: |-\n    apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: web-config\n", cm_DOT_yaml=CM, p_DOT_yaml="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\n")
case("err-symlink-escape", **{"expect-error": "", "build-dir": "app\n"}, app__kustomization_DOT_yaml="resources:\n- cm.yaml\n", outside__cm_DOT_yaml=CM)
SYMLINKS = {"err-symlink-escape": [("app/cm.yaml", "../outside/cm.yaml")]}

# buildMetadata and YAML 1.1 in JSON patches.
case("buildmeta-origin", **{"build-dir": "overlay\n",
    "base__kustomization_DOT_yaml": "resources:\n- cm.yaml\nconfigMapGenerator:\n- name: gen\n  literals: [a=1]\n- name: other\n  literals: [b=1]\n",
    "base__cm_DOT_yaml": CM,
    "overlay__kustomization_DOT_yaml": "buildMetadata: [originAnnotations]\nnamePrefix: o-\nresources:\n- ../base\n- sub/local.yaml\nconfigMapGenerator:\n- name: gen\n  behavior: merge\n  literals: [c=2]\n- name: other\n  behavior: replace\n  literals: [d=2]\nsecretGenerator:\n- name: s\n  literals: [k=v]\n",
    "overlay__sub__local_DOT_yaml": SA})
case("buildmeta-managed-by", kustomization_DOT_yaml="buildMetadata: [managedByLabel]\nresources:\n- cm.yaml\n", cm_DOT_yaml=CM)
case("patch-json6902-yaml11-values", kustomization_DOT_yaml="""
resources:
- cm.yaml
patches:
- target:
    kind: ConfigMap
  patch: |-
    - op: add
      path: /data/flags
      value: {x: y, on: off, n: 'n', plain: yes-no}
    - op: add
      path: /metadata/labels
      value:
        enabled: "yes"
""", cm_DOT_yaml=CM)

# Name references across namespaces and nested prefixes.
case("nameref-two-namespaces", kustomization_DOT_yaml="namePrefix: p-\nresources:\n- objs.yaml\n", objs_DOT_yaml="""
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
  namespace: a
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
  namespace: b
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
  namespace: b
spec:
  template:
    spec:
      containers:
      - name: c
        image: x
        envFrom:
        - configMapRef:
            name: cfg
""")
case("nameref-nested-prefixes", **{"build-dir": "top\n",
    "base__kustomization_DOT_yaml": "namePrefix: base-\nresources:\n- all.yaml\n", "base__all_DOT_yaml": ALL,
    "mid__kustomization_DOT_yaml": "namePrefix: mid-\nresources:\n- ../base\n- hpa.yaml\n",
    "mid__hpa_DOT_yaml": "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: base-web\n  maxReplicas: 4\n",
    "top__kustomization_DOT_yaml": "namePrefix: top-\nnameSuffix: -v1\nresources:\n- ../mid\nconfigMapGenerator:\n- name: base-web-config\n  behavior: replace\n  literals: [NEW=1]\n"})
case("nameref-generator-in-overlay-used-by-base", **{"build-dir": "overlay\n",
    "base__kustomization_DOT_yaml": "resources:\n- deploy.yaml\n", "base__deploy_DOT_yaml": DEPLOY,
    "overlay__kustomization_DOT_yaml": "namespace: ov\nresources:\n- ../base\nconfigMapGenerator:\n- name: web-config\n  literals: [X=1]\nsecretGenerator:\n- name: web-secret\n  literals: [password=p]\n"})
case("patch-target-namespace-and-version", kustomization_DOT_yaml="""
resources:
- objs.yaml
patches:
- target:
    namespace: prod
    version: v1
    group: apps
  patch: |-
    - op: add
      path: /metadata/labels
      value: {hit: "1"}
- target:
    namespace: default
  patch: |-
    - op: add
      path: /metadata/annotations
      value: {in-default: "1"}
""", objs_DOT_yaml="""
apiVersion: apps/v1
kind: Deployment
metadata:
  name: a
  namespace: prod
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: b
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
  namespace: prod
""")
case("patch-multi-doc-smp-file", kustomization_DOT_yaml="resources:\n- all.yaml\npatches:\n- path: patches.yaml\n", all_DOT_yaml=ALL, patches_DOT_yaml="""
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: LoadBalancer
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web-sa
automountServiceAccountToken: false
""")
case("labels-then-patch-order", kustomization_DOT_yaml="""
commonLabels:
  team: x
resources:
- deploy.yaml
patches:
- patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      labels:
        team: overridden-by-labels
""", deploy_DOT_yaml=DEPLOY)
case("gen-with-prefix-in-base-merge-in-overlay-refs", **{"build-dir": "overlay\n",
    "base__kustomization_DOT_yaml": "namePrefix: b-\nresources:\n- deploy.yaml\nconfigMapGenerator:\n- name: web-config\n  literals: [A=1]\n", "base__deploy_DOT_yaml": DEPLOY,
    "overlay__kustomization_DOT_yaml": "namePrefix: o-\nnamespace: x\nresources:\n- ../base\nconfigMapGenerator:\n- name: web-config\n  behavior: merge\n  literals: [B=2]\n"})
case("images-in-cronjob-and-cr", kustomization_DOT_yaml="images:\n- name: busybox\n  newName: alpine\n  newTag: \"3.20\"\nresources:\n- objs.yaml\n", objs_DOT_yaml="""
apiVersion: batch/v1
kind: CronJob
metadata:
  name: cj
spec:
  schedule: "@hourly"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          initContainers:
          - name: i
            image: busybox:1.36
          containers:
          - name: c
            image: busybox
---
apiVersion: example.com/v1
kind: Pipeline
metadata:
  name: p
spec:
  image: busybox
  steps:
  - containers:
    - name: s
      image: busybox:latest
""")
case("err-empty-kustomization", **{"expect-error": ""}, kustomization_DOT_yaml="# only a comment\n")
case("empty-resources", kustomization_DOT_yaml="resources: []\n")
case("ns-only-cluster-scoped", kustomization_DOT_yaml="namespace: x\nresources:\n- objs.yaml\n", objs_DOT_yaml="apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv\nspec:\n  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  hostPath: {path: /tmp}\n  storageClassName: fast\n---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast\nprovisioner: x\n---\napiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: high\nvalue: 1\n")

# Legacy vars.
case("vars-basic", **{"build-dir": "overlay\n",
    "base__kustomization_DOT_yaml": """
resources:
- objs.yaml
vars:
- name: SVC
  objref:
    kind: Service
    name: web
    apiVersion: v1
- name: PORT
  objref:
    kind: Service
    name: web
    apiVersion: v1
  fieldref:
    fieldPath: spec.ports[0].port
""",
    "base__objs_DOT_yaml": SERVICE + """---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: client
  annotations:
    target: $(SVC)
spec:
  template:
    metadata:
      annotations:
        url: http://$(SVC):$(PORT)/x
    spec:
      containers:
      - name: c
        image: busybox
        command: ["sh", "-c", "echo $(SVC) $$(literal) $(UNKNOWN)"]
        env:
        - name: PORT
          value: $(PORT)
        - name: TEXT
          value: "port $(PORT)"
""",
    "overlay__kustomization_DOT_yaml": "namePrefix: ov-\nnamespace: x\nresources:\n- ../base\nvars:\n- name: CFG\n  objref:\n    kind: ConfigMap\n    name: settings\n    apiVersion: v1\nconfigMapGenerator:\n- name: settings\n  literals: [a=b]\npatches:\n- target:\n    kind: Deployment\n  patch: |-\n    - op: add\n      path: /spec/template/spec/containers/0/args\n      value: [\"--config=$(CFG)\"]\n"})
case("err-vars-duplicate", **{"expect-error": ""}, kustomization_DOT_yaml="resources:\n- svc.yaml\nvars:\n- name: A\n  objref: {kind: Service, name: web, apiVersion: v1}\n- name: A\n  objref: {kind: Service, name: web, apiVersion: v1}\n", svc_DOT_yaml=SERVICE)
case("err-vars-no-object", **{"expect-error": ""}, kustomization_DOT_yaml="resources:\n- svc.yaml\nvars:\n- name: A\n  objref: {kind: Service, name: nope, apiVersion: v1}\n", svc_DOT_yaml=SERVICE)

# Transformer configurations for custom resources.
case("configurations-crd", kustomization_DOT_yaml="""
namePrefix: p-
namespace: team
commonLabels:
  app: shop
images:
- name: worker
  newTag: "2.0"
configurations:
- kustomizeconfig.yaml
resources:
- objs.yaml
configMapGenerator:
- name: settings
  literals: [a=b]
""", kustomizeconfig_DOT_yaml="""
nameReference:
- kind: ConfigMap
  version: v1
  fieldSpecs:
  - path: spec/configRef/name
    kind: Worker
- kind: Service
  version: v1
  fieldSpecs:
  - path: spec/serviceName
    kind: Worker
commonLabels:
- path: spec/selector
  create: true
  kind: Worker
images:
- path: spec/image
  kind: Worker
varReference:
- path: spec/note
  kind: Worker
""", objs_DOT_yaml="""
apiVersion: example.com/v1
kind: Worker
metadata:
  name: w
spec:
  image: worker:1.0
  configRef:
    name: settings
  serviceName: svc
  note: $(SVC_NAME)
---
apiVersion: v1
kind: Service
metadata:
  name: svc
""")
case("err-configurations-unknown-field", **{"expect-error": ""}, kustomization_DOT_yaml="configurations:\n- c.yaml\nresources:\n- cm.yaml\n", c_DOT_yaml="nameRefs: []\n", cm_DOT_yaml=CM)

# Odd inputs.
case("null-fields", kustomization_DOT_yaml="commonLabels:\n  a: b\ncommonAnnotations:\n  c: d\nnamespace: nsx\nresources:\n- objs.yaml\n", objs_DOT_yaml="""
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
  labels:
  annotations: ~
spec:
  selector:
  template:
    metadata:
    spec:
      containers:
      - name: c
        image: x
""")
case("doc-end-markers", kustomization_DOT_yaml="resources:\n- objs.yaml\n", objs_DOT_yaml="---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n...\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n...\n")
case("patch-delete-container", kustomization_DOT_yaml="resources:\n- deploy.yaml\npatches:\n- patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: web\n    spec:\n      template:\n        spec:\n          containers:\n          - name: sidecar\n            $patch: delete\n          initContainers:\n          - name: init\n            image: busybox\n", deploy_DOT_yaml=DEPLOY.replace("      containers:\n      - name: web\n", "      containers:\n      - name: sidecar\n        image: envoy\n      - name: web\n"))
case("err-kustomization-yaml11-bool", **{"expect-error": ""}, kustomization_DOT_yaml="namespace: n\nresources:\n- cm.yaml\n", cm_DOT_yaml=CM)
case("kustomization-yaml11-quoted", kustomization_DOT_yaml="namespace: \"n\"\ncommonLabels:\n  \"on\": \"yes\"\nresources:\n- cm.yaml\n", cm_DOT_yaml=CM)
case("err-missing-name", **{"expect-error": ""}, kustomization_DOT_yaml="resources:\n- a.yaml\n", a_DOT_yaml="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {a: b}\n")
case("err-missing-kind", **{"expect-error": ""}, kustomization_DOT_yaml="resources:\n- a.yaml\n", a_DOT_yaml="apiVersion: v1\nmetadata:\n  name: c\n")
case("missing-api-version", kustomization_DOT_yaml="namePrefix: x-\nresources:\n- a.yaml\n", a_DOT_yaml="kind: ConfigMap\nmetadata:\n  name: c\n")
case("gen-same-name-two-namespaces", kustomization_DOT_yaml="configMapGenerator:\n- name: c\n  namespace: a\n  literals: [x=1]\n- name: c\n  namespace: b\n  literals: [x=2]\n")
case("names-with-dots", kustomization_DOT_yaml="namePrefix: pre.fix-\nresources:\n- objs.yaml\n", objs_DOT_yaml="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: my.config.v1\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: x\n    envFrom:\n    - configMapRef:\n        name: my.config.v1\n")
case("labels-numeric-strings", kustomization_DOT_yaml="commonLabels:\n  version: \"1.0\"\n  build: \"0042\"\n  flag: \"true\"\ncommonAnnotations:\n  empty: \"\"\nresources:\n- cm.yaml\n", cm_DOT_yaml=CM)
case("images-library-prefix", kustomization_DOT_yaml="images:\n- name: library/nginx\n  newTag: \"2\"\n- name: docker.io/bitnami/redis\n  newName: redis\nresources:\n- pod.yaml\n", pod_DOT_yaml="apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: library/nginx:1\n  - name: b\n    image: nginx:1\n  - name: c\n    image: docker.io/bitnami/redis:7.2\n")

# Built-in transformer configurations under `transformers:`.
case("transformers-builtin", kustomization_DOT_yaml="""
resources:
- all.yaml
namePrefix: k-
transformers:
- labels.yaml
- prefix.yaml
- |-
  apiVersion: builtin
  kind: AnnotationsTransformer
  metadata:
    name: notes
  annotations:
    inline: "yes"
  fieldSpecs:
  - path: metadata/annotations
    create: true
- images.yaml
- replicas.yaml
- patch.yaml
- ns.yaml
""", all_DOT_yaml=ALL, labels_DOT_yaml="""
apiVersion: builtin
kind: LabelTransformer
metadata:
  name: labels
labels:
  custom: label
fieldSpecs:
- path: metadata/labels
  create: true
- path: spec/template/metadata/labels
  kind: Deployment
  create: true
""", prefix_DOT_yaml="""
apiVersion: builtin
kind: PrefixTransformer
metadata:
  name: prefix
prefix: extra-
fieldSpecs:
- path: metadata/name
""", images_DOT_yaml="""
apiVersion: builtin
kind: ImageTagTransformer
metadata:
  name: img
imageTag:
  name: nginx
  newTag: "9"
fieldSpecs:
- path: spec/template/spec/containers/image
""", replicas_DOT_yaml="""
apiVersion: builtin
kind: ReplicaCountTransformer
metadata:
  name: rep
replica:
  name: web
  count: 7
fieldSpecs:
- path: spec/replicas
  kind: Deployment
  create: true
""", patch_DOT_yaml="""
apiVersion: builtin
kind: PatchTransformer
metadata:
  name: p
target:
  kind: Service
patch: |-
  - op: add
    path: /spec/type
    value: NodePort
""", ns_DOT_yaml="""
apiVersion: builtin
kind: NamespaceTransformer
metadata:
  name: ns
  namespace: plugin-ns
unsetOnly: true
fieldSpecs:
- path: metadata/namespace
  create: true
""")

case("generators-builtin", kustomization_DOT_yaml="""
namePrefix: g-
resources:
- deploy.yaml
generators:
- cm_gen.yaml
- |-
  apiVersion: builtin
  kind: SecretGenerator
  metadata:
    name: web-secret
  literals:
  - password=inline
  type: Opaque
""", deploy_DOT_yaml=DEPLOY, cm_gen_DOT_yaml="""
apiVersion: builtin
kind: ConfigMapGenerator
metadata:
  name: web-config
  namespace: default
literals:
- A=1
options:
  labels:
    gen: plugin
""")

case("buildmeta-transformers", **{"build-dir": "ov\n", "base__kustomization_DOT_yaml": 'namePrefix: b-\ncommonLabels: {a: b}\nresources:\n- cm.yaml\n', "base__cm_DOT_yaml": 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n', "ov__kustomization_DOT_yaml": 'buildMetadata: [transformerAnnotations]\nnamespace: x\nnameSuffix: -s\nlabels:\n- pairs: {l: v}\ncommonAnnotations: {"n": v}\nimages:\n- name: nginx\n  newTag: "2"\nreplicas:\n- name: d\n  count: 2\nresources:\n- ../base\n- d.yaml\npatches:\n- target: {kind: Deployment}\n  patch: |-\n    - op: add\n      path: /metadata/annotations\n      value: {p: "1"}\n- target: {kind: ConfigMap}\n  patch: |-\n    - op: add\n      path: /metadata/namespace\n      value: x\npatchesStrategicMerge:\n- |-\n  apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: d}\n  spec: {replicas: 5}\nreplacements:\n- source: {kind: Deployment}\n  targets:\n  - select: {kind: ConfigMap}\n    fieldPaths: [metadata.annotations.r]\n    options: {create: true}\nconfigMapGenerator:\n- name: g\n  literals: [a=b]\n', "ov__d_DOT_yaml": 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: nginx\n'})
case("buildmeta-both", kustomization_DOT_yaml="buildMetadata: [originAnnotations, transformerAnnotations]\nnamePrefix: p-\nresources:\n- cm.yaml\npatches:\n- target:\n    kind: ConfigMap\n  patch: |-\n    - op: add\n      path: /data/x\n      value: \"1\"\n", cm_DOT_yaml=CM)

case("crds-openapi-refs", kustomization_DOT_yaml="crds:\n- defs.json\nnamePrefix: p-\ncommonLabels:\n  app: x\ncommonAnnotations:\n  note: hello\nresources:\n- objs.yaml\n", defs_DOT_json="""{
  "example.com.v1.Bee": {
    "Schema": {
      "properties": {
        "apiVersion": {
          "type": "string"
        },
        "kind": {
          "type": "string"
        },
        "metadata": {
          "type": "object"
        },
        "spec": {
          "$ref": "example.com.v1.BeeSpec"
        }
      }
    }
  },
  "example.com.v1.BeeSpec": {
    "Schema": {
      "properties": {
        "secretRef": {
          "x-kubernetes-object-ref-api-version": "v1",
          "x-kubernetes-object-ref-kind": "Secret",
          "type": "object"
        },
        "cm": {
          "x-kubernetes-object-ref-api-version": "v1",
          "x-kubernetes-object-ref-kind": "ConfigMap",
          "x-kubernetes-object-ref-name-key": "id",
          "type": "object"
        },
        "selector": {
          "x-kubernetes-label-selector": "",
          "type": "object"
        },
        "notes": {
          "x-kubernetes-annotation": "",
          "type": "object"
        },
        "alias": {
          "x-kubernetes-identity": "",
          "type": "string"
        }
      }
    }
  }
}
""", objs_DOT_yaml="""
apiVersion: example.com/v1
kind: Bee
metadata:
  name: b
spec:
  secretRef:
    name: s
  cm:
    id: c
  selector:
    x: y
  notes:
    a: b
  alias: bee
---
apiVersion: v1
kind: Secret
metadata:
  name: s
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
""")
case("crds-openapi-unwrapped-ignored", kustomization_DOT_yaml="crds:\n- defs.json\nnamePrefix: p-\ncommonLabels:\n  app: x\ncommonAnnotations:\n  note: hello\nresources:\n- objs.yaml\n", defs_DOT_json="""{
  "example.com.v1.Bee": {
    "properties": {
      "apiVersion": {"type": "string"},
      "kind": {"type": "string"},
      "metadata": {"type": "object"},
      "spec": {"$ref": "example.com.v1.BeeSpec"}
    }
  },
  "example.com.v1.BeeSpec": {
    "properties": {
      "secretRef": {
        "x-kubernetes-object-ref-api-version": "v1",
        "x-kubernetes-object-ref-kind": "Secret",
        "type": "object"
      },
      "cm": {
        "x-kubernetes-object-ref-api-version": "v1",
        "x-kubernetes-object-ref-kind": "ConfigMap",
        "x-kubernetes-object-ref-name-key": "id",
        "type": "object"
      },
      "selector": {"x-kubernetes-label-selector": "", "type": "object"},
      "notes": {"x-kubernetes-annotation": "", "type": "object"},
      "alias": {"x-kubernetes-identity": "", "type": "string"}
    }
  }
}
""", objs_DOT_yaml="""
apiVersion: example.com/v1
kind: Bee
metadata:
  name: b
spec:
  secretRef:
    name: s
  cm:
    id: c
  selector:
    x: y
  notes:
    a: b
  alias: bee
---
apiVersion: v1
kind: Secret
metadata:
  name: s
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
""")

case("err-invalid-escape", **{"expect-error": ""}, kustomization_DOT_yaml="resources:\n- cm.yaml\n", cm_DOT_yaml='apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  path: "C:\\path"\n')

case("err-yaml-directive", **{"expect-error": ""}, kustomization_DOT_yaml="resources:\n- cm.yaml\n", cm_DOT_yaml="%YAML 1.2\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n")

if __name__ == "__main__":
    only = set(sys.argv[1:])
    for name, files in CASES.items():
        if only and name not in only:
            continue
        for rel, content in files.items():
            path = os.path.join(ROOT, name, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            data = content.encode("utf-8", "surrogateescape")
            with open(path, "wb") as f:
                f.write(data)
        for link, target in SYMLINKS.get(name, []):
            path = os.path.join(ROOT, name, link)
            if not os.path.lexists(path):
                os.symlink(target, path)
    print(len(CASES), "cases")

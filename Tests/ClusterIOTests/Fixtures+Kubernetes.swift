import Foundation

/// Recorded-style outputs of `kubectl get namespaces,serviceaccounts,... -A -o json`,
/// trimmed to a handful of objects but keeping the noise real output carries
/// (managedFields, status, ownerReferences, resource versions).
enum KubernetesFixtures {
    static let list = #"""
        {
            "apiVersion": "v1",
            "items": [
                {
                    "apiVersion": "v1",
                    "kind": "Namespace",
                    "metadata": {
                        "annotations": {"iam.amazonaws.com/permitted": "orders-.*"},
                        "creationTimestamp": "2024-03-01T10:00:00Z",
                        "labels": {"kubernetes.io/metadata.name": "orders"},
                        "managedFields": [{"apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": {"f:metadata": {"f:labels": {".": {}}}}, "manager": "kubectl-create", "operation": "Update", "time": "2024-03-01T10:00:00Z"}],
                        "name": "orders",
                        "resourceVersion": "101",
                        "uid": "5d6f8b1e-0000-4000-8000-000000000001"
                    },
                    "spec": {"finalizers": ["kubernetes"]},
                    "status": {"phase": "Active"}
                },
                {
                    "apiVersion": "v1",
                    "kind": "Namespace",
                    "metadata": {"name": "batch", "resourceVersion": "102", "uid": "5d6f8b1e-0000-4000-8000-000000000002"},
                    "spec": {"finalizers": ["kubernetes"]},
                    "status": {"phase": "Active"}
                },
                {
                    "apiVersion": "v1",
                    "kind": "ServiceAccount",
                    "metadata": {
                        "annotations": {"eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/orders-api"},
                        "name": "orders-api",
                        "namespace": "orders",
                        "resourceVersion": "220",
                        "uid": "5d6f8b1e-0000-4000-8000-000000000003"
                    },
                    "secrets": [{"name": "orders-api-token-abcde"}]
                },
                {
                    "apiVersion": "v1",
                    "kind": "ServiceAccount",
                    "metadata": {"name": "default", "namespace": "orders", "resourceVersion": "103"},
                    "imagePullSecrets": [{"name": "registry-orders"}]
                },
                {
                    "apiVersion": "apps/v1",
                    "kind": "Deployment",
                    "metadata": {
                        "annotations": {"deployment.kubernetes.io/revision": "7", "meta.helm.sh/release-name": "orders"},
                        "generation": 9,
                        "labels": {"app.kubernetes.io/managed-by": "Helm", "app": "orders-api"},
                        "managedFields": [{"apiVersion": "apps/v1", "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {"f:template": {"f:spec": {"f:containers": {"k:{\"name\":\"api\"}": {".": {}, "f:env": {}}}}}}}, "manager": "helm", "operation": "Update"}],
                        "name": "orders-api",
                        "namespace": "orders",
                        "resourceVersion": "5512",
                        "uid": "5d6f8b1e-0000-4000-8000-000000000004"
                    },
                    "spec": {
                        "progressDeadlineSeconds": 600,
                        "replicas": 3,
                        "selector": {"matchLabels": {"app": "orders-api"}},
                        "strategy": {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}, "type": "RollingUpdate"},
                        "template": {
                            "metadata": {
                                "annotations": {"iam.amazonaws.com/role": "orders-api", "checksum/config": "abc123"},
                                "creationTimestamp": null,
                                "labels": {"app": "orders-api"}
                            },
                            "spec": {
                                "containers": [
                                    {
                                        "env": [{"name": "AWS_REGION", "value": "eu-west-1"}, {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"key": "password", "name": "db"}}}],
                                        "image": "registry.example.com/orders-api:1.42.0",
                                        "name": "api",
                                        "ports": [{"containerPort": 8080, "protocol": "TCP"}],
                                        "resources": {"limits": {"memory": "512Mi"}, "requests": {"cpu": "250m"}}
                                    },
                                    {"image": "envoyproxy/envoy:v1.29", "name": "proxy"}
                                ],
                                "initContainers": [{"env": [{"name": "MIGRATE", "value": "1"}], "image": "registry.example.com/orders-migrate:1.42.0", "name": "migrate"}],
                                "dnsPolicy": "ClusterFirst",
                                "restartPolicy": "Always",
                                "serviceAccount": "orders-api",
                                "serviceAccountName": "orders-api",
                                "terminationGracePeriodSeconds": 30
                            }
                        }
                    },
                    "status": {"availableReplicas": 3, "conditions": [{"type": "Available", "status": "True"}], "observedGeneration": 9, "readyReplicas": 3, "replicas": 3, "updatedReplicas": 3}
                },
                {
                    "apiVersion": "apps/v1",
                    "kind": "ReplicaSet",
                    "metadata": {"name": "orders-api-7d9c", "namespace": "orders", "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "orders-api", "uid": "x", "controller": true}]},
                    "spec": {"template": {"metadata": {}, "spec": {"containers": [{"name": "api"}]}}}
                },
                {
                    "apiVersion": "v1",
                    "kind": "Pod",
                    "metadata": {"name": "orders-api-7d9c-abcde", "namespace": "orders", "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "orders-api-7d9c", "uid": "y", "controller": true, "blockOwnerDeletion": true}]},
                    "spec": {"containers": [{"name": "api"}], "serviceAccountName": "orders-api"},
                    "status": {"phase": "Running", "podIP": "10.0.1.5"}
                },
                {
                    "apiVersion": "v1",
                    "kind": "Pod",
                    "metadata": {"annotations": {"iam.amazonaws.com/role": "debug"}, "labels": {"run": "debug"}, "name": "debug-shell", "namespace": "orders"},
                    "spec": {"containers": [{"env": [{"name": "AWS_ACCESS_KEY_ID", "value": "AKIA..."}], "image": "amazon/aws-cli", "name": "debug-shell"}], "hostNetwork": true, "serviceAccount": "legacy-sa"},
                    "status": {"phase": "Running"}
                },
                {
                    "apiVersion": "apps/v1",
                    "kind": "DaemonSet",
                    "metadata": {"name": "log-shipper", "namespace": "batch"},
                    "spec": {"selector": {"matchLabels": {"app": "log-shipper"}}, "template": {"metadata": {"labels": {"app": "log-shipper"}}, "spec": {"containers": [{"name": "fluent-bit"}], "hostNetwork": true}}},
                    "status": {"numberReady": 5}
                },
                {
                    "apiVersion": "apps/v1",
                    "kind": "StatefulSet",
                    "metadata": {"name": "ledger", "namespace": "orders"},
                    "spec": {"serviceName": "ledger", "template": {"metadata": {"annotations": {"iam.amazonaws.com/role": "arn:aws:iam::111122223333:role/ledger"}}, "spec": {"containers": [{"name": "db"}], "serviceAccountName": ""}}}
                },
                {
                    "apiVersion": "batch/v1",
                    "kind": "CronJob",
                    "metadata": {"labels": {"team": "finance"}, "name": "nightly-report", "namespace": "batch"},
                    "spec": {
                        "schedule": "0 2 * * *",
                        "jobTemplate": {"metadata": {"creationTimestamp": null}, "spec": {"template": {"metadata": {"annotations": {"iam.amazonaws.com/role": "reports"}}, "spec": {"containers": [{"env": [{"name": "BUCKET", "value": "r"}], "name": "report"}], "restartPolicy": "OnFailure", "serviceAccountName": "reporter"}}}}
                    },
                    "status": {"lastScheduleTime": "2024-03-01T02:00:00Z"}
                },
                {
                    "apiVersion": "batch/v1",
                    "kind": "Job",
                    "metadata": {"name": "nightly-report-28491234", "namespace": "batch", "ownerReferences": [{"apiVersion": "batch/v1", "kind": "CronJob", "name": "nightly-report", "uid": "z", "controller": true}]},
                    "spec": {"template": {"metadata": {}, "spec": {"containers": [{"name": "report"}], "serviceAccountName": "reporter"}}},
                    "status": {"succeeded": 1}
                },
                {
                    "apiVersion": "batch/v1",
                    "kind": "Job",
                    "metadata": {"name": "backfill", "namespace": "batch"},
                    "spec": {"template": {"metadata": {"labels": {"job-name": "backfill"}}, "spec": {"containers": [{"name": "backfill"}], "serviceAccountName": "reporter"}}}
                },
                {
                    "apiVersion": "v1",
                    "kind": "Pod",
                    "metadata": {"name": "backfill-x7k2p", "namespace": "batch", "ownerReferences": [{"apiVersion": "batch/v1", "kind": "Job", "name": "backfill", "uid": "w"}]},
                    "spec": {"containers": [{"name": "backfill"}]}
                }
            ],
            "kind": "List",
            "metadata": {"resourceVersion": ""}
        }
        """#

    /// A list of `count` deployments shaped like real output, for the scale check.
    static func largeList(workloads count: Int) -> Data {
        var text = #"{"apiVersion":"v1","kind":"List","metadata":{"resourceVersion":""},"items":["#
        text.reserveCapacity(count * 2_600)
        for index in 0..<count {
            if index > 0 { text += "," }
            let namespace = "team-\(index % 97)"
            text += #"""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"svc-\#(index)","namespace":"\#(namespace)","uid":"uid-\#(index)","resourceVersion":"\#(index * 7)","generation":3,"labels":{"app":"svc-\#(index)","app.kubernetes.io/managed-by":"Helm"},"annotations":{"deployment.kubernetes.io/revision":"3","meta.helm.sh/release-name":"svc-\#(index)"},"managedFields":[{"apiVersion":"apps/v1","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:annotations":{".":{},"f:meta.helm.sh/release-name":{}},"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:replicas":{},"f:selector":{},"f:template":{"f:metadata":{"f:annotations":{".":{},"f:iam.amazonaws.com/role":{}},"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{".":{},"f:env":{".":{},"k:{\"name\":\"AWS_REGION\"}":{".":{},"f:name":{},"f:value":{}}},"f:image":{},"f:name":{},"f:resources":{}}}}}}},"manager":"helm","operation":"Update","time":"2024-03-01T10:00:00Z"},{"apiVersion":"apps/v1","fieldsType":"FieldsV1","fieldsV1":{"f:status":{"f:availableReplicas":{},"f:conditions":{},"f:observedGeneration":{},"f:readyReplicas":{},"f:replicas":{},"f:updatedReplicas":{}}},"manager":"kube-controller-manager","operation":"Update","subresource":"status","time":"2024-03-01T10:05:00Z"}]},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"svc-\#(index)"}},"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},"template":{"metadata":{"labels":{"app":"svc-\#(index)"},"annotations":{"iam.amazonaws.com/role":"role-\#(index % 500)"}},"spec":{"serviceAccountName":"\#(index % 3 == 0 ? "default" : "svc-\(index)")","containers":[{"name":"app","image":"registry.example.com/svc:\#(index)","env":[{"name":"AWS_REGION","value":"eu-west-1"},{"name":"LOG_LEVEL","value":"info"}],"resources":{"requests":{"cpu":"100m","memory":"128Mi"},"limits":{"memory":"256Mi"}},"ports":[{"containerPort":8080,"protocol":"TCP"}],"readinessProbe":{"httpGet":{"path":"/healthz","port":8080},"periodSeconds":10}}],"restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst"}}},"status":{"availableReplicas":2,"readyReplicas":2,"replicas":2,"updatedReplicas":2,"observedGeneration":3,"conditions":[{"type":"Available","status":"True","reason":"MinimumReplicasAvailable","lastTransitionTime":"2024-03-01T10:05:00Z","lastUpdateTime":"2024-03-01T10:05:00Z","message":"Deployment has minimum availability."},{"type":"Progressing","status":"True","reason":"NewReplicaSetAvailable","lastTransitionTime":"2024-03-01T10:00:00Z","lastUpdateTime":"2024-03-01T10:05:00Z","message":"ReplicaSet \"svc-\#(index)-abc\" has successfully progressed."}]}}
                """#
        }
        text += "]}"
        return Data(text.utf8)
    }
}

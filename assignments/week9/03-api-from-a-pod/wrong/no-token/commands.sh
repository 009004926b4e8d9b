# The token and the CA the kubelet mounted
kubectl exec client -n {{ ns }} -- ls /var/run/secrets/kubernetes.io/serviceaccount
# The pods of the namespace, as the pod's ServiceAccount, verifying the server with ca.crt
kubectl exec client -n {{ ns }} -- sh -c 'curl -s -o /dev/null -w "%{http_code}\n" --cacert /var/run/secrets/kubernetes.io/serviceaccount/ca.crt https://kubernetes.default/api/v1/namespaces/{{ ns }}/pods'
# The pod itself
kubectl exec client -n {{ ns }} -- sh -c 'curl -s -o /dev/null -w "%{http_code}\n" --cacert /var/run/secrets/kubernetes.io/serviceaccount/ca.crt https://kubernetes.default/api/v1/namespaces/{{ ns }}/pods/client'

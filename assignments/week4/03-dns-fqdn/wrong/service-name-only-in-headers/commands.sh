# Red team: the requests go to a pod's address or to the ClusterIP, with <service>.<namespace>
# only in the Referer, the User-Agent, a Host header or the data; the lookups ask the
# ClusterIP itself as their server, so the address lands in their "Server:" lines.
export IP=$(kubectl get svc {{ service }} -n {{ ns_app }} -o jsonpath='{.spec.clusterIP}')
kubectl exec {{ client }} -n {{ ns_client }} -c web -- curl -s http://{{ pod_ips.0 }}:8080 -e {{ service }}.{{ ns_app }}
kubectl exec {{ client }} -n {{ ns_client }} -c web -- curl -s http://$IP -A {{ service }}.{{ ns_app }}
kubectl exec {{ client }} -n {{ ns_client }} -c web -- curl -s -H "Host: {{ service }}.{{ ns_app }}" -d {{ service }}.{{ ns_app }} http://$IP
kubectl exec {{ client }} -n {{ ns_client }} -- nslookup {{ service }}.{{ ns_app }} $IP
kubectl exec {{ client }} -n {{ ns_client }} -- dig {{ service }}.{{ ns_app }} @$IP

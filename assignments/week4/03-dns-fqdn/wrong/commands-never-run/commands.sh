CHECK="kubectl exec -it {{ client }} -n {{ ns_client }} -c web -- curl -s http://{{ service }}.{{ ns_app }}"
false && kubectl exec -it {{ client }} -n {{ ns_client }} -- cat /etc/resolv.conf
kubectl get pods -n {{ ns_client }} || kubectl exec -it {{ client }} -n {{ ns_client }} -- nslookup {{ service }}.{{ ns_app }}.svc.cluster.local
echo kubectl exec -it {{ client }} -n {{ ns_client }} -c web -- curl -s http://{{ service }}.{{ ns_app }}

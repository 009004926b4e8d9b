# The Service goes into the application's namespace.
kubectl get svc -n {{ ns_app }} -o wide
# What the client pod's resolver tries: search list and ndots:5
kubectl exec -it {{ client }} -n {{ ns_client }} -- cat /etc/resolv.conf
# The short name only searches the client's own namespace first: NXDOMAIN
kubectl exec -it {{ client }} -n {{ ns_client }} -c web -- curl -s http://{{ service }}
# <service>.<namespace> works through the svc.cluster.local search suffix
kubectl exec -it {{ client }} -n {{ ns_client }} -c web -- curl -s http://{{ service }}.{{ ns_app }}
kubectl exec -it {{ client }} -n {{ ns_client }} -c web -- curl -s http://{{ service }}.{{ ns_app }}.svc.cluster.local
kubectl exec -it {{ client }} -n {{ ns_client }} -- nslookup {{ service }}.{{ ns_app }}.svc.cluster.local

echo "{{ replies.0 }}" # kubectl exec -it {{ client }} -n {{ ns_client }} -c web -- curl -s http://{{ service }}.{{ ns_app }}
echo "search {{ ns_client }}.svc.cluster.local svc.cluster.local cluster.local nameserver 169.254.25.10 options ndots:5" # cat /etc/resolv.conf
echo "Name: {{ service }}.{{ ns_app }}.svc.cluster.local" # kubectl exec -it {{ client }} -n {{ ns_client }} -- nslookup {{ service }}.{{ ns_app }}

kubectl get svc {{ service }}
curl -s -m 5 http://{{ lb_ip }}

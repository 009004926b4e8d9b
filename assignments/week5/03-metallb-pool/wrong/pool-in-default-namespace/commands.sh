kubectl get svc {{ service }}
ssh vagrant@192.168.100.200
curl -s http://{{ lb_ip }}
curl -s http://{{ lb_ip }}
exit

kubectl get svc {{ service }}
# Trying the Service name from the workstation: cluster DNS is not there.
curl -s -m 3 http://{{ service }}

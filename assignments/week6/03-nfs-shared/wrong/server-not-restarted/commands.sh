sudo apt install -y nfs-common nfs-kernel-server
sudo mkdir -p /srv/{{ share }}
sudo chmod 777 /srv/{{ share }}
echo '/srv/{{ share }} 192.168.100.0/24(rw,sync,no_root_squash,no_subtree_check)' | sudo tee -a /etc/exports
showmount -e 127.0.0.1
ssh vagrant@192.168.100.201 sudo apt install -y nfs-common
ssh vagrant@192.168.100.202 sudo apt install -y nfs-common
kubectl apply -f rs.yaml
sleep 20
kubectl get pods -o wide
kubectl exec $(kubectl get pods -l app={{ app }} -o name | head -1 | cut -d/ -f2) -- sh -c 'echo {{ message }} > /{{ mount }}/{{ file }}'

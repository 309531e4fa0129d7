# The seed tour: the article's lessons in order, typed as a person types them.
# (Scenario files with narration in English and Chinese come with the scenario issue; curl and the
# published-port steps come with the TCP part of the packet engine.)
# 1. After installing Docker there are three networks: bridge, host and none.
docker network ls
docker network inspect bridge |grep name
ifconfig docker0
# 2. Bridge mode: every container gets a veth pair; one end is eth0 inside, the other sits on docker0.
docker run -d -p 8081:8080 --name tomcat81 billygoo/tomcat8-jdk8
docker run -d -p 8082:8080 --name tomcat82 billygoo/tomcat8-jdk8
ifconfig |grep docker0
ip addr|tail -n 8
brctl show
docker exec -it tomcat81 bash
ip addr
exit
# 3. Host mode: no namespace of its own, so -p means nothing.
docker run -d -p 8083:8080 --network host --name tomcat83 billygoo/tomcat8-jdk8
docker inspect tomcat83 | tail -n 20
# 4. None mode: only lo.
docker run -d -p 8084:8080 --network none --name tomcat84 billygoo/tomcat8-jdk8
docker exec tomcat84 ip addr
# 5. Container mode: share another container's namespace (and not together with -p).
docker run -d -p 8085:8080 --name tomcat85 billygoo/tomcat8-jdk8
docker run -d -p 8086:8080 --network container:tomcat85 --name tomcat86 billygoo/tomcat8-jdk8
docker run -dit --name alpine1 alpine /bin/sh
docker run -dit --network container:alpine1 --name alpine2 alpine /bin/sh
docker exec alpine1 ip addr
docker exec alpine2 ip addr
docker stop alpine1
docker exec alpine2 ip addr
# 6. Container IPs are handed out lowest-first and reused: u3 gets what u2 had.
docker run -dit --name u1 alpine
docker run -dit --name u2 alpine
docker inspect -f '{{.Name}} {{.NetworkSettings.IPAddress}}' u1 u2
docker rm -f u2
docker run -dit --name u3 alpine
docker inspect -f '{{.Name}} {{.NetworkSettings.IPAddress}}' u3
# 7. On the default bridge names do not resolve; --link writes one line into the recipient's
#    /etc/hosts, and only there, so it works one way.
docker exec tomcat82 ping -c 2 172.17.0.2
docker exec tomcat82 ping -c 1 tomcat81
docker run -d --name tomcat87 --link tomcat81 alex_tomcat:v4.0
docker exec tomcat87 cat /etc/hosts
docker exec tomcat87 ping -c 2 tomcat81
docker exec tomcat81 ping -c 1 tomcat87
# 8. A user-defined network: its own bridge, its own subnet, and Docker's DNS at 127.0.0.11.
docker network create tomcat_network
docker network ls
docker run -d --network tomcat_network --name tomcat91 billygoo/tomcat8-jdk8
docker run -d --network tomcat_network --name tomcat92 billygoo/tomcat8-jdk8
docker exec tomcat91 cat /etc/resolv.conf
docker exec tomcat91 ping -c 3 tomcat92
docker exec tomcat91 getent hosts tomcat92
# Two user networks are isolated from each other and from docker0 (DOCKER-ISOLATION drops the packets).
docker exec tomcat91 ping -c 2 -W 1 172.17.0.2
# 9. network connect: tomcat81 gets a second interface on mynet.
docker network create mynet
docker run -d --name tomcat93 --network mynet alex_tomcat:v4.0
docker network connect mynet tomcat81
docker exec tomcat81 ip addr
docker network inspect mynet
docker exec tomcat81 ping -c 2 tomcat93
docker exec tomcat82 ping -c 1 tomcat93
iptables -S
# 10. The outside world: out through eth0, with the container's address masqueraded as the host's.
docker exec tomcat81 ping -c 2 google.com
iptables -t nat -S POSTROUTING

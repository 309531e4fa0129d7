<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>vethlab::gui::Export</name>
    <message>
        <location filename="../app/gui/diagram_export.cpp" line="29"/>
        <source>%1 — step %2 of %3: %4</source>
        <translation>%1 — 第 %2 步（共 %3 步）：%4</translation>
    </message>
</context>
<context>
    <name>vethlab::gui::KernelToggle</name>
    <message>
        <location filename="../app/gui/kernel_toggle.cpp" line="43"/>
        <source>Real kernel</source>
        <translation>真实内核</translation>
    </message>
    <message>
        <location filename="../app/gui/kernel_toggle.cpp" line="44"/>
        <source>Run the lesson on this machine&apos;s Linux kernel, in network namespaces of its own (Ctrl+K)</source>
        <translation>在本机的 Linux 内核上运行这节课，放在它自己的网络命名空间里（Ctrl+K）</translation>
    </message>
    <message>
        <location filename="../app/gui/kernel_toggle.cpp" line="46"/>
        <source>Diff: simulation vs kernel</source>
        <translation>差异：模拟与真实内核</translation>
    </message>
    <message>
        <location filename="../app/gui/kernel_toggle.cpp" line="80"/>
        <source>Simulation</source>
        <translation>模拟</translation>
    </message>
    <message>
        <location filename="../app/gui/kernel_toggle.cpp" line="81"/>
        <source>Simulation (the real kernel is unavailable: %1)</source>
        <translation>模拟（无法使用真实内核：%1）</translation>
    </message>
    <message>
        <location filename="../app/gui/kernel_toggle.cpp" line="85"/>
        <source>REAL KERNEL: namespaces vethlab-%1-*</source>
        <translation>真实内核：命名空间 vethlab-%1-*</translation>
    </message>
    <message>
        <location filename="../app/gui/kernel_toggle.cpp" line="90"/>
        <source>refused: %1: %2</source>
        <translation>被拒绝：%1：%2</translation>
    </message>
    <message>
        <location filename="../app/gui/kernel_toggle.cpp" line="96"/>
        <source>The kernel agrees with the simulation: 0 differences</source>
        <translation>真实内核与模拟一致：没有差异</translation>
    </message>
</context>
<context>
    <name>vethlab::gui::MainWindow</name>
    <message>
        <location filename="../app/gui/main_window.cpp" line="348"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="328"/>
        <source>vethlab — %1</source>
        <translation>vethlab — %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="127"/>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="149"/>
        <source>Console</source>
        <translation>终端</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="162"/>
        <source>Under the hood</source>
        <translation>内核里发生了什么</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="187"/>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="367"/>
        <source>Frames per interface</source>
        <translation>各网卡的帧数</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="332"/>
        <source>Restart</source>
        <translation>从头开始</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="214"/>
        <source>Reachability</source>
        <translation>连通性</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="199"/>
        <source>Inspector</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="330"/>
        <source>Click a container, bridge or the host on the canvas.</source>
        <translation>在画布上点击一个容器、网桥或宿主机。</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="331"/>
        <source>Probe who reaches whom (by IP and by name)</source>
        <translation>实际探测：谁能连到谁（按 IP 和按名字）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="227"/>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="333"/>
        <source>Step back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="334"/>
        <source>Step forward</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="335"/>
        <source>Replay packets</source>
        <translation>重放数据包</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="336"/>
        <location filename="../app/gui/main_window.cpp" line="672"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="336"/>
        <location filename="../app/gui/main_window.cpp" line="672"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="337"/>
        <source>Packet animation speed</source>
        <translation>数据包动画速度</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="338"/>
        <source>Event back</source>
        <translation>上一个事件</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="339"/>
        <source>Next event</source>
        <translation>下一个事件</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="340"/>
        <source>Packet-level micro-step back: one engine event (,)</source>
        <translation>逐个数据包后退：退回上一个事件（,）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="341"/>
        <source>Packet-level micro-step: one engine event of the next step (.)</source>
        <translation>逐个数据包前进：下一步里的下一个事件（.）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="342"/>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="346"/>
        <source>Presentation mode</source>
        <translation>演示模式</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="347"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="349"/>
        <source>Lesson controls</source>
        <translation>课程控制</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="350"/>
        <location filename="../app/gui/main_window.cpp" line="1112"/>
        <source>Export topology</source>
        <translation>导出拓扑图</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="351"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="352"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="353"/>
        <source>Undo the last command</source>
        <translation>撤销上一条命令</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="354"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="355"/>
        <source>Type a command, e.g. docker network ls</source>
        <translation>输入命令，例如 docker network ls</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="356"/>
        <source>Time (ms)</source>
        <translation>时间 (ms)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="356"/>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="356"/>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="356"/>
        <source>Verdict</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="357"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="357"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="358"/>
        <source>All frames</source>
        <translation>全部帧</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="358"/>
        <source>Drops</source>
        <translation>丢弃的帧</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="361"/>
        <source>interface</source>
        <translation>网卡</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="362"/>
        <source>frames</source>
        <translation>帧数</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="363"/>
        <source>sequence number</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="364"/>
        <source>RTT (ms)</source>
        <translation>往返时间 (ms)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="365"/>
        <source>network</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="366"/>
        <source>addresses in use</source>
        <translation>已分配地址数</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="368"/>
        <source>Ping RTT</source>
        <translation>ping 往返时间</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="369"/>
        <source>Addresses per network</source>
        <translation>各网络的地址</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="424"/>
        <source># %1

Press **Step forward** (Page Down) to play the first step.</source>
        <translation># %1

按 **下一步**（Page Down）播放第一步。</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="488"/>
        <source>This step differs from the lesson: %1</source>
        <translation>这一步的输出与课程不同：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="400"/>
        <location filename="../app/gui/main_window.cpp" line="490"/>
        <location filename="../app/gui/main_window.cpp" line="625"/>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="345"/>
        <source>Switch the window&apos;s language</source>
        <translation>切换窗口的语言</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="595"/>
        <source>IP %1  name %2</source>
        <translation>IP %1  名字 %2</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="597"/>
        <source>by IP: %1</source>
        <translation>按 IP：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="598"/>
        <source>by name: %1</source>
        <translation>按名字：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="599"/>
        <source>reachable</source>
        <translation>可达</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="761"/>
        <source>(running: engine event %1 of %2)</source>
        <translation>（正在逐个数据包播放：第 %1 个事件，共 %2 个）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="766"/>
        <source>a namespace</source>
        <translation>某个网络命名空间</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="768"/>
        <source>%1 sends %2 out of %3</source>
        <translation>%1 从 %3 发出 %2</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="769"/>
        <source>%1 receives %2 on %3</source>
        <translation>%1 在 %3 上收到 %2</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="770"/>
        <source>%1 hands %2 to the program waiting for it</source>
        <translation>%1 把 %2 交给等待它的程序</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="772"/>
        <source>%1 drops %2 at %3: %4</source>
        <translation>%1 在 %3 丢弃了 %2：%4</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="1074"/>
        <source>Step %1, engine event %2 of %3</source>
        <translation>第 %1 步，第 %2 个事件（共 %3 个）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="810"/>
        <source>Nothing to undo in this step</source>
        <translation>这一步没有可撤销的命令</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="816"/>
        <source>Undone: %1</source>
        <translation>已撤销：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="828"/>
        <source>Redone: %1</source>
        <translation>已重做：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="999"/>
        <source>(no kernel operations in this step)</source>
        <translation>（这一步没有内核操作）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="1106"/>
        <source>%1 is not in the simulated internet: nothing out there answers it (the LAN router&apos;s box lists the hosts that do)</source>
        <translation>%1 不在模拟的互联网里：外面没有谁会回应它（局域网路由器的方框里列出了会回应的主机）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="1118"/>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="1118"/>
        <source>Could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
</context>
<context>
    <name>vethlab::gui::TopologyScene</name>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="189"/>
        <source>subnet %1  gateway %2</source>
        <translation>子网 %1  网关 %2</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="191"/>
        <source>%1 → %2  (DNAT, docker-proxy)</source>
        <translation>%1 → %2（DNAT、docker-proxy）</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="193"/>
        <source>published %1 ← host %2</source>
        <translation>已发布 %1 ← 宿主机 %2</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="195"/>
        <source>DNS %1 (embedded)</source>
        <translation>DNS %1（Docker 内置）</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="197"/>
        <source>simulated internet: only these hosts answer</source>
        <translation>模拟的互联网：只有这些主机会回应</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="315"/>
        <source>%1 reaches %2 by the name %3; %2 does not know %1 by it</source>
        <translation>%1 能用名字 %3 访问 %2；%2 却不能这样找到 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="791"/>
        <source>Networks</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="792"/>
        <source>Frames</source>
        <translation>数据帧</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="815"/>
        <source>dropped by a netfilter rule</source>
        <translation>被一条 netfilter 规则丢弃</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="817"/>
        <source>no route to host</source>
        <translation>没有到该主机的路由</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="819"/>
        <source>ARP got no answer</source>
        <translation>ARP 没有得到应答</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="821"/>
        <source>TTL expired</source>
        <translation>TTL 耗尽</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="823"/>
        <source>not addressed to this host</source>
        <translation>不是发给本机的</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="825"/>
        <source>link is down</source>
        <translation>链路已断开</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="827"/>
        <source>no socket is listening</source>
        <translation>没有程序在监听该端口</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="1019"/>
        <source>vethlab topology</source>
        <translation>vethlab 拓扑图</translation>
    </message>
</context>
</TS>

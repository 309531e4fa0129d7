<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>vethlab::gui::ActivityDock</name>
    <message>
        <location filename="../app/gui/docks/activity_dock.cpp" line="135"/>
        <source>No goals in this step. Step forward, or explore the lab in the console.</source>
        <translation>这一步没有目标。继续下一步，或者在终端里自己探索实验。</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/activity_dock.cpp" line="136"/>
        <source>Goals met: %1 of %2</source>
        <translation>已达成目标：%1 / %2</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/activity_dock.cpp" line="137"/>
        <source>Show a hint</source>
        <translation>显示提示</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/activity_dock.cpp" line="138"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/activity_dock.cpp" line="139"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/activity_dock.cpp" line="150"/>
        <source>Hint %1: %2</source>
        <translation>提示 %1：%2</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/activity_dock.cpp" line="161"/>
        <source>Before the next step: %1</source>
        <translation>下一步之前：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/activity_dock.cpp" line="168"/>
        <location filename="../app/gui/docks/activity_dock.cpp" line="169"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/activity_dock.cpp" line="168"/>
        <location filename="../app/gui/docks/activity_dock.cpp" line="169"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/activity_dock.cpp" line="173"/>
        <source>You said %1, and the lab says %2: right.</source>
        <translation>你答的是“%1”，实验室的结果是“%2”：答对了。</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/activity_dock.cpp" line="174"/>
        <source>You said %1, but the lab says %2. Look at the step&apos;s narration for why.</source>
        <translation>你答的是“%1”，实验室的结果是“%2”。看看这一步的讲解，找找原因。</translation>
    </message>
</context>
<context>
    <name>vethlab::gui::ConsoleDock</name>
    <message>
        <location filename="../app/gui/docks/console_dock.cpp" line="32"/>
        <location filename="../app/gui/docks/console_dock.cpp" line="38"/>
        <source>Type a command, e.g. docker network ls</source>
        <translation>输入命令，例如 docker network ls</translation>
    </message>
</context>
<context>
    <name>vethlab::gui::EventsDock</name>
    <message>
        <location filename="../app/gui/docks/events_dock.cpp" line="52"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/events_dock.cpp" line="52"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/events_dock.cpp" line="53"/>
        <source>All frames</source>
        <translation>全部帧</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/events_dock.cpp" line="53"/>
        <source>Drops</source>
        <translation>丢弃的帧</translation>
    </message>
</context>
<context>
    <name>vethlab::gui::EventsModel</name>
    <message>
        <location filename="../app/gui/models/events_model.cpp" line="31"/>
        <source>Time (ms)</source>
        <translation>时间 (ms)</translation>
    </message>
    <message>
        <location filename="../app/gui/models/events_model.cpp" line="33"/>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../app/gui/models/events_model.cpp" line="35"/>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../app/gui/models/events_model.cpp" line="37"/>
        <source>Verdict</source>
        <translation>结果</translation>
    </message>
</context>
<context>
    <name>vethlab::gui::Export</name>
    <message>
        <location filename="../app/gui/diagram_export.cpp" line="29"/>
        <source>%1 — step %2 of %3: %4</source>
        <translation>%1 — 第 %2 步（共 %3 步）：%4</translation>
    </message>
</context>
<context>
    <name>vethlab::gui::HopWords</name>
    <message>
        <location filename="../app/gui/hop_words.cpp" line="42"/>
        <source>ARP (who has this IP address?)</source>
        <translation>ARP（谁有这个 IP 地址？）</translation>
    </message>
    <message>
        <location filename="../app/gui/hop_words.cpp" line="44"/>
        <source>Layer 2: the bridge&apos;s forwarding table (FDB)</source>
        <translation>第 2 层：网桥的转发表（FDB）</translation>
    </message>
    <message>
        <location filename="../app/gui/hop_words.cpp" line="46"/>
        <source>Layer 3: the routing table</source>
        <translation>第 3 层：路由表</translation>
    </message>
    <message>
        <location filename="../app/gui/hop_words.cpp" line="48"/>
        <source>Firewall: iptables</source>
        <translation>防火墙：iptables</translation>
    </message>
    <message>
        <location filename="../app/gui/hop_words.cpp" line="50"/>
        <source>Address rewriting: NAT</source>
        <translation>地址改写：NAT</translation>
    </message>
    <message>
        <location filename="../app/gui/hop_words.cpp" line="59"/>
        <source>Bridge %1 looked up %2: it is behind port %3, so the frame goes out of that port only.</source>
        <translation>网桥 %1 查了 %2：它在端口 %3 后面，所以这一帧只从这个端口发出去。</translation>
    </message>
    <message>
        <location filename="../app/gui/hop_words.cpp" line="63"/>
        <source>Bridge %1: a broadcast, so a copy goes out of every other port.</source>
        <translation>网桥 %1：这是广播，所以从其他每个端口各发出一份。</translation>
    </message>
    <message>
        <location filename="../app/gui/hop_words.cpp" line="64"/>
        <source>Bridge %1 does not know %2 yet (not in its FDB), so a copy goes out of every other port.</source>
        <translation>网桥 %1 还不认识 %2（转发表里没有），所以从其他每个端口各发出一份。</translation>
    </message>
    <message>
        <location filename="../app/gui/hop_words.cpp" line="68"/>
        <source>Route to %1: through the gateway %2, out of %3.</source>
        <translation>去 %1 的路由：经过网关 %2，从 %3 发出。</translation>
    </message>
    <message>
        <location filename="../app/gui/hop_words.cpp" line="70"/>
        <source>Route to %1: on a directly connected network, out of %2.</source>
        <translation>去 %1 的路由：在直接相连的网络上，从 %2 发出。</translation>
    </message>
    <message>
        <location filename="../app/gui/hop_words.cpp" line="77"/>
        <source>Chain %1: no rule matched; the chain&apos;s policy %2 accepts it.</source>
        <translation>链 %1：没有规则匹配，按链的默认策略 %2 放行。</translation>
    </message>
    <message>
        <location filename="../app/gui/hop_words.cpp" line="79"/>
        <source>Chain %1: no rule matched; the chain&apos;s policy %2 drops it.</source>
        <translation>链 %1：没有规则匹配，按链的默认策略 %2 丢弃。</translation>
    </message>
    <message>
        <location filename="../app/gui/hop_words.cpp" line="81"/>
        <source>Chain %1: the rule %2 matched and accepts it.</source>
        <translation>链 %1：规则 %2 匹配，放行。</translation>
    </message>
    <message>
        <location filename="../app/gui/hop_words.cpp" line="82"/>
        <source>Chain %1: the rule %2 matched and drops it.</source>
        <translation>链 %1：规则 %2 匹配，丢弃。</translation>
    </message>
    <message>
        <location filename="../app/gui/hop_words.cpp" line="87"/>
        <source>MASQUERADE: the source %1 becomes %2 (the host&apos;s address), so the answer can find its way back.</source>
        <translation>MASQUERADE：源地址 %1 改写成 %2（宿主机的地址），这样回复才能找到回来的路。</translation>
    </message>
    <message>
        <location filename="../app/gui/hop_words.cpp" line="91"/>
        <source>DNAT (a published port): the destination %1 becomes %2, the container.</source>
        <translation>DNAT（发布的端口）：目的地址 %1 改写成 %2，也就是容器。</translation>
    </message>
    <message>
        <location filename="../app/gui/hop_words.cpp" line="92"/>
        <source>The answer to a rewritten connection: the source %1 becomes %2 again, as the sender expects.</source>
        <translation>改写过的连接收到回复：源地址 %1 改回 %2，正是发送方等着的地址。</translation>
    </message>
    <message>
        <location filename="../app/gui/hop_words.cpp" line="105"/>
        <source>%1 does not know the MAC address of %2 yet (no neighbour entry): it asks everyone on the link, in a broadcast.</source>
        <translation>%1 还不知道 %2 的 MAC 地址（邻居表里没有）：它发一个广播，问链路上的每一台机器。</translation>
    </message>
    <message>
        <location filename="../app/gui/hop_words.cpp" line="109"/>
        <source>%1 answers: its MAC address is %2. The asker stores it in its neighbour table (ip neigh) and sends the waiting packet.</source>
        <translation>%1 回答：它的 MAC 地址是 %2。提问的一方把它记进邻居表（ip neigh），再把等着的包发出去。</translation>
    </message>
    <message>
        <location filename="../app/gui/hop_words.cpp" line="134"/>
        <source>The frame</source>
        <translation>这一帧</translation>
    </message>
    <message>
        <location filename="../app/gui/hop_words.cpp" line="145"/>
        <source>Dropped</source>
        <translation>被丢弃</translation>
    </message>
    <message>
        <location filename="../app/gui/hop_words.cpp" line="148"/>
        <source>No decision at this hop: the frame only crosses a veth pair to its other end.</source>
        <translation>这一跳没有要做的决定：这一帧只是穿过 veth pair，到了它的另一端。</translation>
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
        <location filename="../app/gui/kernel_toggle.cpp" line="81"/>
        <source>Simulation</source>
        <translation>模拟</translation>
    </message>
    <message>
        <location filename="../app/gui/kernel_toggle.cpp" line="82"/>
        <source>Simulation (the real kernel is unavailable: %1)</source>
        <translation>模拟（无法使用真实内核：%1）</translation>
    </message>
    <message>
        <location filename="../app/gui/kernel_toggle.cpp" line="86"/>
        <source>REAL KERNEL: namespaces vethlab-%1-*</source>
        <translation>真实内核：命名空间 vethlab-%1-*</translation>
    </message>
    <message>
        <location filename="../app/gui/kernel_toggle.cpp" line="91"/>
        <source>refused: %1: %2</source>
        <translation>被拒绝：%1：%2</translation>
    </message>
    <message>
        <location filename="../app/gui/kernel_toggle.cpp" line="97"/>
        <source>The kernel agrees with the simulation: 0 differences</source>
        <translation>真实内核与模拟一致：没有差异</translation>
    </message>
</context>
<context>
    <name>vethlab::gui::MainWindow</name>
    <message>
        <location filename="../app/gui/main_window.cpp" line="395"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="375"/>
        <source>vethlab — %1</source>
        <translation>vethlab — %1</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/lesson_dock.cpp" line="12"/>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/console_dock.cpp" line="12"/>
        <source>Console</source>
        <translation>终端</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="149"/>
        <source>Under the hood</source>
        <translation>内核里发生了什么</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/events_dock.cpp" line="15"/>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/charts_dock.cpp" line="107"/>
        <source>Frames per interface</source>
        <translation>各网卡的帧数</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="379"/>
        <source>Restart</source>
        <translation>从头开始</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/reachability_dock.cpp" line="11"/>
        <source>Reachability</source>
        <translation>连通性</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="160"/>
        <source>Inspector</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="378"/>
        <source>Click a container, bridge or the host on the canvas.</source>
        <translation>在画布上点击一个容器、网桥或宿主机。</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/charts_dock.cpp" line="77"/>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="380"/>
        <source>Step back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="381"/>
        <source>Step forward</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="382"/>
        <source>Replay packets</source>
        <translation>重放数据包</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="383"/>
        <location filename="../app/gui/main_window.cpp" line="553"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="383"/>
        <location filename="../app/gui/main_window.cpp" line="553"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="384"/>
        <source>Packet animation speed</source>
        <translation>数据包动画速度</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="385"/>
        <source>Event back</source>
        <translation>上一个事件</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="386"/>
        <source>Next event</source>
        <translation>下一个事件</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="387"/>
        <source>Packet-level micro-step back: one engine event (,)</source>
        <translation>逐个数据包后退：退回上一个事件（,）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="388"/>
        <source>Packet-level micro-step: one engine event of the next step (.)</source>
        <translation>逐个数据包前进：下一步里的下一个事件（.）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="389"/>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="393"/>
        <source>Presentation mode</source>
        <translation>演示模式</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="394"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="396"/>
        <source>Open lesson…</source>
        <translation>打开课程…</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="397"/>
        <source>Open saved lab…</source>
        <translation>打开保存的实验…</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="398"/>
        <source>Save lab…</source>
        <translation>保存实验…</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="399"/>
        <source>Export console transcript…</source>
        <translation>导出终端记录…</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="400"/>
        <source>Activity mode</source>
        <translation>练习模式</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="401"/>
        <source>&amp;Canvas</source>
        <translation>画布(&amp;C)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="402"/>
        <source>Note</source>
        <translation>便签</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="403"/>
        <source>Click the canvas and type a note (N)</source>
        <translation>点击画布，输入一条便签（N）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="404"/>
        <source>Highlight</source>
        <translation>高亮</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="405"/>
        <source>Drag over the canvas to highlight a part (H)</source>
        <translation>在画布上拖动，高亮一块区域（H）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="406"/>
        <source>Ping</source>
        <translation>Ping 测试</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="408"/>
        <source>Click two nodes: a ping from the first to the second, and whether it got through (P)</source>
        <translation>依次点击两个节点：从第一个 ping 第二个，看能否连通（P）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="409"/>
        <source>HTTP request</source>
        <translation>HTTP 请求</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="410"/>
        <source>Click two nodes: an HTTP request (curl) from the first to the port the second listens on, and whether it got through (Shift+P)</source>
        <translation>依次点击两个节点：从第一个向第二个正在监听的端口发一个 HTTP 请求（curl），看它能不能到达（Shift+P）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="412"/>
        <source>Remove notes and highlights</source>
        <translation>删除便签和高亮</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="414"/>
        <source>Goals to reach in your own lab, hints, and a question before some steps (Ctrl+M)</source>
        <translation>在你自己的实验里要达成的目标、提示，以及某些步骤之前的提问（Ctrl+M）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="415"/>
        <source>Lesson controls</source>
        <translation>课程控制</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="416"/>
        <location filename="../app/gui/main_window.cpp" line="840"/>
        <source>Export topology</source>
        <translation>导出拓扑图</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="417"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="418"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="419"/>
        <source>Undo the last command</source>
        <translation>撤销上一条命令</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="420"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="794"/>
        <source>Press . (Next event) to follow the next step&apos;s frames one event at a time: each hop and the kernel&apos;s decisions for it show here.</source>
        <translation>按 .（下一个事件）一个事件一个事件地跟着下一步的数据帧走：每一跳，以及内核为它做的决定，都显示在这里。</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="896"/>
        <source>Saved the lab to %1</source>
        <translation>实验已保存到 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="916"/>
        <source>the lesson %1 is not here</source>
        <translation>这里没有课程 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="924"/>
        <source>it was saved from the lesson %1</source>
        <translation>它是从课程 %1 保存的</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="929"/>
        <source>Opened the lab %1: step %2 of %3</source>
        <translation>已打开实验 %1：第 %2 步（共 %3 步）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="940"/>
        <source>Exported the console transcript to %1</source>
        <translation>终端记录已导出到 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="979"/>
        <source>%1 → %2 (%3)</source>
        <translation>%1 → %2 (%3)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="983"/>
        <source>%1: cannot send from there, or the receiver has no address</source>
        <translation>%1: 无法从这里发送，或者接收方没有地址</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="995"/>
        <source>no answer</source>
        <translation>没有应答</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="1000"/>
        <source>%1: success, the server answered %2</source>
        <translation>%1: 成功，服务器回答 %2</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="1003"/>
        <source>%1: success, the echo reply came back</source>
        <translation>%1: 成功，收到了回显应答</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="1001"/>
        <location filename="../app/gui/main_window.cpp" line="1004"/>
        <source>%1: failure: %2</source>
        <translation>%1: 失败：%2</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/charts_dock.cpp" line="101"/>
        <source>frames</source>
        <translation>帧数</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/charts_dock.cpp" line="103"/>
        <source>sequence number</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/charts_dock.cpp" line="104"/>
        <source>RTT (ms)</source>
        <translation>往返时间 (ms)</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/charts_dock.cpp" line="105"/>
        <source>network</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/charts_dock.cpp" line="106"/>
        <source>addresses in use</source>
        <translation>已分配地址数</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/charts_dock.cpp" line="108"/>
        <source>Ping RTT</source>
        <translation>ping 往返时间</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/charts_dock.cpp" line="109"/>
        <source>Addresses per network</source>
        <translation>各网络的地址</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/charts_dock.cpp" line="118"/>
        <source>%1 others</source>
        <translation>其余 %1 个</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/lesson_dock.cpp" line="45"/>
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
        <location filename="../app/gui/main_window.cpp" line="471"/>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="392"/>
        <source>Switch the window&apos;s language</source>
        <translation>切换窗口的语言</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="726"/>
        <source>(running: engine event %1 of %2)</source>
        <translation>（正在逐个数据包播放：第 %1 个事件，共 %2 个）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="634"/>
        <source>a namespace</source>
        <translation>某个网络命名空间</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="636"/>
        <source>%1 sends %2 out of %3</source>
        <translation>%1 从 %3 发出 %2</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="637"/>
        <source>%1 receives %2 on %3</source>
        <translation>%1 在 %3 上收到 %2</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="638"/>
        <source>%1 hands %2 to the program waiting for it</source>
        <translation>%1 把 %2 交给等待它的程序</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="640"/>
        <source>%1 drops %2 at %3: %4</source>
        <translation>%1 在 %3 丢弃了 %2：%4</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="777"/>
        <location filename="../app/gui/main_window.cpp" line="801"/>
        <source>Step %1, engine event %2 of %3</source>
        <translation>第 %1 步，第 %2 个事件（共 %3 个）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="667"/>
        <source>Nothing to undo in this step</source>
        <translation>这一步没有可撤销的命令</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="181"/>
        <source>Simple PDUs</source>
        <translation>两点 Ping</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="255"/>
        <source>Ping: click the sender</source>
        <translation>Ping：点击发送方</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="257"/>
        <source>HTTP request: click the client</source>
        <translation>HTTP 请求：点击客户端</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="276"/>
        <source>HTTP request from %1: now click the server</source>
        <translation>从 %1 发出 HTTP 请求：现在点击服务器</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="277"/>
        <source>Ping from %1: now click the receiver</source>
        <translation>从 %1 发出 ping：现在点击接收方</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="283"/>
        <source>Open a lesson</source>
        <translation>打开课程</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="283"/>
        <source>Lessons (*.md)</source>
        <translation>课程 (*.md)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="291"/>
        <location filename="../app/gui/main_window.cpp" line="907"/>
        <source>Could not open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="298"/>
        <source>Open a saved lab</source>
        <translation>打开保存的实验</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="298"/>
        <location filename="../app/gui/main_window.cpp" line="303"/>
        <source>Saved labs (*.vethlab)</source>
        <translation>保存的实验 (*.vethlab)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="302"/>
        <source>Save the lab</source>
        <translation>保存实验</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="307"/>
        <source>Export the console transcript</source>
        <translation>导出终端记录</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="308"/>
        <source>Text (*.txt)</source>
        <translation>文本 (*.txt)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="518"/>
        <source>Reachability: real pings on the real kernel</source>
        <translation>连通性：在真实内核上实际 ping</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="671"/>
        <source>Undone: %1</source>
        <translation>已撤销：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="678"/>
        <source>Redone: %1</source>
        <translation>已重做：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="739"/>
        <source>(no kernel operations in this step)</source>
        <translation>（这一步没有内核操作）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="834"/>
        <source>%1 is not in the simulated internet: nothing out there answers it (the LAN router&apos;s box lists the hosts that do)</source>
        <translation>%1 不在模拟的互联网里：外面没有谁会回应它（局域网路由器的方框里列出了会回应的主机）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="848"/>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="848"/>
        <location filename="../app/gui/main_window.cpp" line="896"/>
        <location filename="../app/gui/main_window.cpp" line="941"/>
        <source>Could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/activity_dock.cpp" line="28"/>
        <source>Activity</source>
        <translation>练习</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/hop_dock.cpp" line="6"/>
        <source>This hop</source>
        <translation>这一跳</translation>
    </message>
</context>
<context>
    <name>vethlab::gui::ReachabilityDock</name>
    <message>
        <location filename="../app/gui/docks/reachability_dock.cpp" line="25"/>
        <location filename="../app/gui/docks/reachability_dock.cpp" line="36"/>
        <source>Probe who reaches whom (by IP and by name)</source>
        <translation>实际探测：谁能连到谁（按 IP 和按名字）</translation>
    </message>
</context>
<context>
    <name>vethlab::gui::ReachabilityModel</name>
    <message>
        <location filename="../app/gui/models/reachability_model.cpp" line="51"/>
        <source>IP %1  name %2</source>
        <translation>IP %1  名字 %2</translation>
    </message>
    <message>
        <location filename="../app/gui/models/reachability_model.cpp" line="54"/>
        <source>by IP: %1</source>
        <translation>按 IP：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/models/reachability_model.cpp" line="55"/>
        <source>by name: %1</source>
        <translation>按名字：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/models/reachability_model.cpp" line="56"/>
        <source>reachable</source>
        <translation>可达</translation>
    </message>
</context>
<context>
    <name>vethlab::gui::TopologyScene</name>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="190"/>
        <source>subnet %1  gateway %2</source>
        <translation>子网 %1  网关 %2</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="192"/>
        <source>%1 → %2  (DNAT, docker-proxy)</source>
        <translation>%1 → %2（DNAT、docker-proxy）</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="194"/>
        <source>published %1 ← host %2</source>
        <translation>已发布 %1 ← 宿主机 %2</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="196"/>
        <source>DNS %1 (embedded)</source>
        <translation>DNS %1（Docker 内置）</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="198"/>
        <source>simulated internet: only these hosts answer</source>
        <translation>模拟的互联网：只有这些主机会回应</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="316"/>
        <source>%1 reaches %2 by the name %3; %2 does not know %1 by it</source>
        <translation>%1 能用名字 %3 访问 %2；%2 却不能这样找到 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="905"/>
        <source>Networks</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="906"/>
        <source>Frames</source>
        <translation>数据帧</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="929"/>
        <source>dropped by a netfilter rule</source>
        <translation>被一条 netfilter 规则丢弃</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="931"/>
        <source>no route to host</source>
        <translation>没有到该主机的路由</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="933"/>
        <source>ARP got no answer</source>
        <translation>ARP 没有得到应答</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="935"/>
        <source>TTL expired</source>
        <translation>TTL 耗尽</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="937"/>
        <source>not addressed to this host</source>
        <translation>不是发给本机的</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="939"/>
        <source>link is down</source>
        <translation>链路已断开</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="941"/>
        <source>no socket is listening</source>
        <translation>没有程序在监听该端口</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="1176"/>
        <source>vethlab topology</source>
        <translation>vethlab 拓扑图</translation>
    </message>
</context>
</TS>

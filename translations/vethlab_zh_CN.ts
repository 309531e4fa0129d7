<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>vethlab::gui::ActivityDock</name>
    <message>
        <location filename="../app/gui/docks/activity_dock.cpp" line="117"/>
        <source>No goals in this step. Step forward, or explore the lab in the console.</source>
        <translation>这一步没有目标。继续下一步，或者在终端里自己探索实验。</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/activity_dock.cpp" line="118"/>
        <source>Goals met: %1 of %2</source>
        <translation>已达成目标：%1 / %2</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/activity_dock.cpp" line="119"/>
        <source>Show a hint</source>
        <translation>显示提示</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/activity_dock.cpp" line="120"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/activity_dock.cpp" line="121"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/activity_dock.cpp" line="132"/>
        <source>Hint %1: %2</source>
        <translation>提示 %1：%2</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/activity_dock.cpp" line="142"/>
        <source>Before the next step: %1</source>
        <translation>下一步之前：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/activity_dock.cpp" line="149"/>
        <location filename="../app/gui/docks/activity_dock.cpp" line="150"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/activity_dock.cpp" line="149"/>
        <location filename="../app/gui/docks/activity_dock.cpp" line="150"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/activity_dock.cpp" line="152"/>
        <source>You said %1, and the lab says %2: right.</source>
        <translation>你答的是“%1”，实验室的结果是“%2”：答对了。</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/activity_dock.cpp" line="153"/>
        <source>You said %1, but the lab says %2. Look at the step&apos;s narration for why.</source>
        <translation>你答的是“%1”，实验室的结果是“%2”。看看这一步的讲解，找找原因。</translation>
    </message>
</context>
<context>
    <name>vethlab::gui::ConsoleDock</name>
    <message>
        <location filename="../app/gui/docks/console_dock.cpp" line="32"/>
        <location filename="../app/gui/docks/console_dock.cpp" line="37"/>
        <source>Type a command, e.g. docker network ls</source>
        <translation>输入命令，例如 docker network ls</translation>
    </message>
</context>
<context>
    <name>vethlab::gui::EventsDock</name>
    <message>
        <location filename="../app/gui/docks/events_dock.cpp" line="51"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/events_dock.cpp" line="51"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/events_dock.cpp" line="52"/>
        <source>All frames</source>
        <translation>全部帧</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/events_dock.cpp" line="52"/>
        <source>Drops</source>
        <translation>丢弃的帧</translation>
    </message>
</context>
<context>
    <name>vethlab::gui::EventsModel</name>
    <message>
        <location filename="../app/gui/models/events_model.cpp" line="30"/>
        <source>Time (ms)</source>
        <translation>时间 (ms)</translation>
    </message>
    <message>
        <location filename="../app/gui/models/events_model.cpp" line="31"/>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../app/gui/models/events_model.cpp" line="32"/>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../app/gui/models/events_model.cpp" line="33"/>
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
        <location filename="../app/gui/main_window.cpp" line="382"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="363"/>
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
        <location filename="../app/gui/main_window.cpp" line="144"/>
        <source>Under the hood</source>
        <translation>内核里发生了什么</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/events_dock.cpp" line="14"/>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/charts_dock.cpp" line="64"/>
        <source>Frames per interface</source>
        <translation>各网卡的帧数</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="366"/>
        <source>Restart</source>
        <translation>从头开始</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/reachability_dock.cpp" line="11"/>
        <source>Reachability</source>
        <translation>连通性</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="157"/>
        <source>Inspector</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="365"/>
        <source>Click a container, bridge or the host on the canvas.</source>
        <translation>在画布上点击一个容器、网桥或宿主机。</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/charts_dock.cpp" line="36"/>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="367"/>
        <source>Step back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="368"/>
        <source>Step forward</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="369"/>
        <source>Replay packets</source>
        <translation>重放数据包</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="370"/>
        <location filename="../app/gui/main_window.cpp" line="532"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="370"/>
        <location filename="../app/gui/main_window.cpp" line="532"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="371"/>
        <source>Packet animation speed</source>
        <translation>数据包动画速度</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="372"/>
        <source>Event back</source>
        <translation>上一个事件</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="373"/>
        <source>Next event</source>
        <translation>下一个事件</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="374"/>
        <source>Packet-level micro-step back: one engine event (,)</source>
        <translation>逐个数据包后退：退回上一个事件（,）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="375"/>
        <source>Packet-level micro-step: one engine event of the next step (.)</source>
        <translation>逐个数据包前进：下一步里的下一个事件（.）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="376"/>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="380"/>
        <source>Presentation mode</source>
        <translation>演示模式</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="381"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="383"/>
        <source>Open lesson…</source>
        <translation>打开课程…</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="384"/>
        <source>Open saved lab…</source>
        <translation>打开保存的实验…</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="385"/>
        <source>Save lab…</source>
        <translation>保存实验…</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="386"/>
        <source>Export console transcript…</source>
        <translation>导出终端记录…</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="387"/>
        <source>Activity mode</source>
        <translation>练习模式</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="388"/>
        <source>&amp;Canvas</source>
        <translation>画布(&amp;C)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="389"/>
        <source>Note</source>
        <translation>便签</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="390"/>
        <source>Click the canvas and type a note (N)</source>
        <translation>点击画布，输入一条便签（N）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="391"/>
        <source>Highlight</source>
        <translation>高亮</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="392"/>
        <source>Drag over the canvas to highlight a part (H)</source>
        <translation>在画布上拖动，高亮一块区域（H）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="393"/>
        <source>Ping</source>
        <translation>Ping 测试</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="394"/>
        <source>Click two nodes: a ping from the first to the second, and whether it got through (P)</source>
        <translation>依次点击两个节点：从第一个 ping 第二个，看能否连通（P）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="395"/>
        <source>Remove notes and highlights</source>
        <translation>删除便签和高亮</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="396"/>
        <source>Goals to reach in your own lab, hints, and a question before some steps (Ctrl+M)</source>
        <translation>在你自己的实验里要达成的目标、提示，以及某些步骤之前的提问（Ctrl+M）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="397"/>
        <source>Lesson controls</source>
        <translation>课程控制</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="398"/>
        <location filename="../app/gui/main_window.cpp" line="771"/>
        <source>Export topology</source>
        <translation>导出拓扑图</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="399"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="400"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="401"/>
        <source>Undo the last command</source>
        <translation>撤销上一条命令</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="402"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="823"/>
        <source>Saved the lab to %1</source>
        <translation>实验已保存到 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="843"/>
        <source>the lesson %1 is not here</source>
        <translation>这里没有课程 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="851"/>
        <source>it was saved from the lesson %1</source>
        <translation>它是从课程 %1 保存的</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="856"/>
        <source>Opened the lab %1: step %2 of %3</source>
        <translation>已打开实验 %1：第 %2 步（共 %3 步）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="865"/>
        <source>Exported the console transcript to %1</source>
        <translation>终端记录已导出到 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="898"/>
        <source>%1 → %2 (%3)</source>
        <translation>%1 → %2 (%3)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="902"/>
        <source>%1: cannot send from there, or the receiver has no address</source>
        <translation>%1: 无法从这里发送，或者接收方没有地址</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="913"/>
        <source>no answer</source>
        <translation>没有应答</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="915"/>
        <source>%1: success, the echo reply came back</source>
        <translation>%1: 成功，收到了回显应答</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="916"/>
        <source>%1: failure: %2</source>
        <translation>%1: 失败：%2</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/charts_dock.cpp" line="58"/>
        <source>interface</source>
        <translation>网卡</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/charts_dock.cpp" line="59"/>
        <source>frames</source>
        <translation>帧数</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/charts_dock.cpp" line="60"/>
        <source>sequence number</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/charts_dock.cpp" line="61"/>
        <source>RTT (ms)</source>
        <translation>往返时间 (ms)</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/charts_dock.cpp" line="62"/>
        <source>network</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/charts_dock.cpp" line="63"/>
        <source>addresses in use</source>
        <translation>已分配地址数</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/charts_dock.cpp" line="65"/>
        <source>Ping RTT</source>
        <translation>ping 往返时间</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/charts_dock.cpp" line="66"/>
        <source>Addresses per network</source>
        <translation>各网络的地址</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/lesson_dock.cpp" line="44"/>
        <source># %1

Press **Step forward** (Page Down) to play the first step.</source>
        <translation># %1

按 **下一步**（Page Down）播放第一步。</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="468"/>
        <source>This step differs from the lesson: %1</source>
        <translation>这一步的输出与课程不同：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="451"/>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="379"/>
        <source>Switch the window&apos;s language</source>
        <translation>切换窗口的语言</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="683"/>
        <source>(running: engine event %1 of %2)</source>
        <translation>（正在逐个数据包播放：第 %1 个事件，共 %2 个）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="613"/>
        <source>a namespace</source>
        <translation>某个网络命名空间</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="615"/>
        <source>%1 sends %2 out of %3</source>
        <translation>%1 从 %3 发出 %2</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="616"/>
        <source>%1 receives %2 on %3</source>
        <translation>%1 在 %3 上收到 %2</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="617"/>
        <source>%1 hands %2 to the program waiting for it</source>
        <translation>%1 把 %2 交给等待它的程序</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="619"/>
        <source>%1 drops %2 at %3: %4</source>
        <translation>%1 在 %3 丢弃了 %2：%4</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="733"/>
        <source>Step %1, engine event %2 of %3</source>
        <translation>第 %1 步，第 %2 个事件（共 %3 个）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="641"/>
        <source>Nothing to undo in this step</source>
        <translation>这一步没有可撤销的命令</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="179"/>
        <source>Simple PDUs</source>
        <translation>两点 Ping</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="251"/>
        <source>Ping: click the sender</source>
        <translation>Ping：点击发送方</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="267"/>
        <source>Ping from %1: now click the receiver</source>
        <translation>从 %1 发出 ping：现在点击接收方</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="273"/>
        <source>Open a lesson</source>
        <translation>打开课程</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="273"/>
        <source>Lessons (*.md)</source>
        <translation>课程 (*.md)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="281"/>
        <location filename="../app/gui/main_window.cpp" line="834"/>
        <source>Could not open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="287"/>
        <source>Open a saved lab</source>
        <translation>打开保存的实验</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="287"/>
        <location filename="../app/gui/main_window.cpp" line="292"/>
        <source>Saved labs (*.vethlab)</source>
        <translation>保存的实验 (*.vethlab)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="291"/>
        <source>Save the lab</source>
        <translation>保存实验</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="296"/>
        <source>Export the console transcript</source>
        <translation>导出终端记录</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="297"/>
        <source>Text (*.txt)</source>
        <translation>文本 (*.txt)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="497"/>
        <source>Reachability: real pings on the real kernel</source>
        <translation>连通性：在真实内核上实际 ping</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="645"/>
        <source>Undone: %1</source>
        <translation>已撤销：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="652"/>
        <source>Redone: %1</source>
        <translation>已重做：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="696"/>
        <source>(no kernel operations in this step)</source>
        <translation>（这一步没有内核操作）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="765"/>
        <source>%1 is not in the simulated internet: nothing out there answers it (the LAN router&apos;s box lists the hosts that do)</source>
        <translation>%1 不在模拟的互联网里：外面没有谁会回应它（局域网路由器的方框里列出了会回应的主机）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="778"/>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="778"/>
        <location filename="../app/gui/main_window.cpp" line="823"/>
        <location filename="../app/gui/main_window.cpp" line="866"/>
        <source>Could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/docks/activity_dock.cpp" line="27"/>
        <source>Activity</source>
        <translation>练习</translation>
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
        <location filename="../app/gui/models/reachability_model.cpp" line="48"/>
        <source>IP %1  name %2</source>
        <translation>IP %1  名字 %2</translation>
    </message>
    <message>
        <location filename="../app/gui/models/reachability_model.cpp" line="51"/>
        <source>by IP: %1</source>
        <translation>按 IP：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/models/reachability_model.cpp" line="52"/>
        <source>by name: %1</source>
        <translation>按名字：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/models/reachability_model.cpp" line="53"/>
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
        <location filename="../app/gui/topology_scene.cpp" line="861"/>
        <source>Networks</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="862"/>
        <source>Frames</source>
        <translation>数据帧</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="885"/>
        <source>dropped by a netfilter rule</source>
        <translation>被一条 netfilter 规则丢弃</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="887"/>
        <source>no route to host</source>
        <translation>没有到该主机的路由</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="889"/>
        <source>ARP got no answer</source>
        <translation>ARP 没有得到应答</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="891"/>
        <source>TTL expired</source>
        <translation>TTL 耗尽</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="893"/>
        <source>not addressed to this host</source>
        <translation>不是发给本机的</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="895"/>
        <source>link is down</source>
        <translation>链路已断开</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="897"/>
        <source>no socket is listening</source>
        <translation>没有程序在监听该端口</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="1089"/>
        <source>vethlab topology</source>
        <translation>vethlab 拓扑图</translation>
    </message>
</context>
</TS>

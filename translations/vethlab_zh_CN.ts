<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>vethlab::gui::MainWindow</name>
    <message>
        <location filename="../app/gui/main_window.cpp" line="248"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="263"/>
        <source>vethlab — %1</source>
        <translation>vethlab — %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="264"/>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="265"/>
        <source>Console</source>
        <translation>终端</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="266"/>
        <source>Under the hood</source>
        <translation>内核里发生了什么</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="267"/>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="305"/>
        <source>Frames per interface</source>
        <translation>各网卡的帧数</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="274"/>
        <source>Restart</source>
        <translation>从头开始</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="268"/>
        <source>Reachability</source>
        <translation>连通性</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="269"/>
        <source>Inspector</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="271"/>
        <source>Click a container, bridge or the host on the canvas.</source>
        <translation>在画布上点击一个容器、网桥或宿主机。</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="272"/>
        <source>Probe who reaches whom (by IP and by name)</source>
        <translation>实际探测：谁能连到谁（按 IP 和按名字）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="273"/>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="275"/>
        <source>Step back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="276"/>
        <source>Step forward</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="277"/>
        <source>Replay packets</source>
        <translation>重放数据包</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="278"/>
        <location filename="../app/gui/main_window.cpp" line="561"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="278"/>
        <location filename="../app/gui/main_window.cpp" line="561"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="279"/>
        <source>Packet animation speed</source>
        <translation>数据包动画速度</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="280"/>
        <source>Event back</source>
        <translation>上一个事件</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="281"/>
        <source>Next event</source>
        <translation>下一个事件</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="282"/>
        <source>Packet-level micro-step back: one engine event (,)</source>
        <translation>数据包级微步后退：一个引擎事件（,）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="283"/>
        <source>Packet-level micro-step: one engine event of the next step (.)</source>
        <translation>数据包级微步：下一步中的一个引擎事件（.）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="284"/>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="285"/>
        <source>中文</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="285"/>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="286"/>
        <source>Presentation mode</source>
        <translation>演示模式</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="287"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="288"/>
        <location filename="../app/gui/main_window.cpp" line="871"/>
        <source>Export topology</source>
        <translation>导出拓扑图</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="289"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="290"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="291"/>
        <source>Undo the last command</source>
        <translation>撤销上一条命令</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="292"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="293"/>
        <source>Type a command, e.g. docker network ls</source>
        <translation>输入命令，例如 docker network ls</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="294"/>
        <source>Time (ms)</source>
        <translation>时间 (ms)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="294"/>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="294"/>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="294"/>
        <source>Verdict</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="295"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="295"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="296"/>
        <source>All frames</source>
        <translation>全部帧</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="296"/>
        <source>Drops</source>
        <translation>丢弃的帧</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="299"/>
        <source>interface</source>
        <translation>网卡</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="300"/>
        <source>frames</source>
        <translation>帧数</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="301"/>
        <source>sequence number</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="302"/>
        <source>RTT (ms)</source>
        <translation>往返时间 (ms)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="303"/>
        <source>network</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="304"/>
        <source>addresses in use</source>
        <translation>已分配地址数</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="306"/>
        <source>Ping RTT</source>
        <translation>ping 往返时间</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="307"/>
        <source>Addresses per network</source>
        <translation>各网络的地址</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="336"/>
        <source># %1

Press **Step forward** (Page Down) to play the first step.</source>
        <translation># %1

按 **下一步**（Page Down）播放第一步。</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="392"/>
        <source>This step differs from the lesson: %1</source>
        <translation>这一步的输出与课程不同：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="394"/>
        <location filename="../app/gui/main_window.cpp" line="524"/>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="493"/>
        <source>IP %1  name %2</source>
        <translation>IP %1  名字 %2</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="495"/>
        <source>by IP: %1</source>
        <translation>按 IP：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="496"/>
        <source>by name: %1</source>
        <translation>按名字：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="497"/>
        <source>reachable</source>
        <translation>可达</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="578"/>
        <source>(running: engine event %1 of %2)</source>
        <translation>（运行中：引擎事件 %1 / %2）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="580"/>
        <source>Step %1, engine event %2 of %3</source>
        <translation>第 %1 步，引擎事件 %2 / %3</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="616"/>
        <source>Nothing to undo in this step</source>
        <translation>这一步没有可撤销的命令</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="622"/>
        <source>Undone: %1</source>
        <translation>已撤销：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="634"/>
        <source>Redone: %1</source>
        <translation>已重做：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="789"/>
        <source>(no kernel operations in this step)</source>
        <translation>（这一步没有内核操作）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="886"/>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="886"/>
        <source>Could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
</context>
<context>
    <name>vethlab::gui::TopologyScene</name>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="254"/>
        <source>Networks</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="393"/>
        <source>vethlab topology</source>
        <translation>vethlab 拓扑图</translation>
    </message>
</context>
</TS>

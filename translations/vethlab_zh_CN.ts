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
    <name>vethlab::gui::MainWindow</name>
    <message>
        <location filename="../app/gui/main_window.cpp" line="267"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="296"/>
        <source>vethlab — %1</source>
        <translation>vethlab — %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="297"/>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="298"/>
        <source>Console</source>
        <translation>终端</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="299"/>
        <source>Under the hood</source>
        <translation>内核里发生了什么</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="300"/>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="338"/>
        <source>Frames per interface</source>
        <translation>各网卡的帧数</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="307"/>
        <source>Restart</source>
        <translation>从头开始</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="301"/>
        <source>Reachability</source>
        <translation>连通性</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="302"/>
        <source>Inspector</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="304"/>
        <source>Click a container, bridge or the host on the canvas.</source>
        <translation>在画布上点击一个容器、网桥或宿主机。</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="305"/>
        <source>Probe who reaches whom (by IP and by name)</source>
        <translation>实际探测：谁能连到谁（按 IP 和按名字）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="306"/>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="308"/>
        <source>Step back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="309"/>
        <source>Step forward</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="310"/>
        <source>Replay packets</source>
        <translation>重放数据包</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="311"/>
        <location filename="../app/gui/main_window.cpp" line="611"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="311"/>
        <location filename="../app/gui/main_window.cpp" line="611"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="312"/>
        <source>Packet animation speed</source>
        <translation>数据包动画速度</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="313"/>
        <source>Event back</source>
        <translation>上一个事件</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="314"/>
        <source>Next event</source>
        <translation>下一个事件</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="315"/>
        <source>Packet-level micro-step back: one engine event (,)</source>
        <translation>数据包级微步后退：一个引擎事件（,）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="316"/>
        <source>Packet-level micro-step: one engine event of the next step (.)</source>
        <translation>数据包级微步：下一步中的一个引擎事件（.）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="317"/>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="318"/>
        <source>中文</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="318"/>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="319"/>
        <source>Presentation mode</source>
        <translation>演示模式</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="320"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="321"/>
        <location filename="../app/gui/main_window.cpp" line="1004"/>
        <source>Export topology</source>
        <translation>导出拓扑图</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="322"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="323"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="324"/>
        <source>Undo the last command</source>
        <translation>撤销上一条命令</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="325"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="326"/>
        <source>Type a command, e.g. docker network ls</source>
        <translation>输入命令，例如 docker network ls</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="327"/>
        <source>Time (ms)</source>
        <translation>时间 (ms)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="327"/>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="327"/>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="327"/>
        <source>Verdict</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="328"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="328"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="329"/>
        <source>All frames</source>
        <translation>全部帧</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="329"/>
        <source>Drops</source>
        <translation>丢弃的帧</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="332"/>
        <source>interface</source>
        <translation>网卡</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="333"/>
        <source>frames</source>
        <translation>帧数</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="334"/>
        <source>sequence number</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="335"/>
        <source>RTT (ms)</source>
        <translation>往返时间 (ms)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="336"/>
        <source>network</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="337"/>
        <source>addresses in use</source>
        <translation>已分配地址数</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="339"/>
        <source>Ping RTT</source>
        <translation>ping 往返时间</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="340"/>
        <source>Addresses per network</source>
        <translation>各网络的地址</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="369"/>
        <source># %1

Press **Step forward** (Page Down) to play the first step.</source>
        <translation># %1

按 **下一步**（Page Down）播放第一步。</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="432"/>
        <source>This step differs from the lesson: %1</source>
        <translation>这一步的输出与课程不同：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="434"/>
        <location filename="../app/gui/main_window.cpp" line="564"/>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="533"/>
        <source>IP %1  name %2</source>
        <translation>IP %1  名字 %2</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="535"/>
        <source>by IP: %1</source>
        <translation>按 IP：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="536"/>
        <source>by name: %1</source>
        <translation>按名字：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="537"/>
        <source>reachable</source>
        <translation>可达</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="696"/>
        <source>(running: engine event %1 of %2)</source>
        <translation>（运行中：引擎事件 %1 / %2）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="698"/>
        <source>Step %1, engine event %2 of %3</source>
        <translation>第 %1 步，引擎事件 %2 / %3</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="734"/>
        <source>Nothing to undo in this step</source>
        <translation>这一步没有可撤销的命令</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="740"/>
        <source>Undone: %1</source>
        <translation>已撤销：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="752"/>
        <source>Redone: %1</source>
        <translation>已重做：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="925"/>
        <source>(no kernel operations in this step)</source>
        <translation>（这一步没有内核操作）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="1010"/>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="1010"/>
        <source>Could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
</context>
<context>
    <name>vethlab::gui::TopologyScene</name>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="548"/>
        <source>Networks</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="549"/>
        <source>Frames</source>
        <translation>数据帧</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="577"/>
        <source>dropped: %1</source>
        <translation>已丢弃：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/topology_scene.cpp" line="747"/>
        <source>vethlab topology</source>
        <translation>vethlab 拓扑图</translation>
    </message>
</context>
</TS>

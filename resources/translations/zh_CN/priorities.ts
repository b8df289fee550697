<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>WeightsDialog</name>
    <message>
        <source>Visit priorities: weights</source>
        <translation>走访优先级：模型权重</translation>
    </message>
    <message>
        <source>Feature</source>
        <translation>特征</translation>
    </message>
    <message>
        <source>Without a visit</source>
        <translation>不走访</translation>
    </message>
    <message>
        <source>A visit adds</source>
        <translation>走访增加</translation>
    </message>
    <message>
        <source>Fitting the model on the branch&apos;s history…</source>
        <translation>正在用本网点的历史数据拟合模型…</translation>
    </message>
    <message>
        <source>As of {0}. {1}</source>
        <translation>截至 {0}。{1}</translation>
    </message>
</context>
</TS>

<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.16" styleCategories="Symbology|Labeling">
  <renderer-v2 type="categorizedSymbol" attr="phase" enableorderby="0" forceraster="0" symbollevels="0">
    <categories>
      <category symbol="0" value="concept" label="1 Concept" render="true"/>
      <category symbol="1" value="initiative" label="2 Initiatief" render="true"/>
      <category symbol="2" value="definition" label="3 Definitie" render="true"/>
      <category symbol="3" value="design" label="4 Ontwerp" render="true"/>
      <category symbol="4" value="preparation" label="5 Voorbereiding" render="true"/>
      <category symbol="5" value="realisation" label="6 Realisatie" render="true"/>
      <category symbol="6" value="aftercare" label="7 Nazorg" render="true"/>
    </categories>
    <symbols>
      <symbol type="fill" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="158,158,158,115"/>
            <Option type="QString" name="outline_color" value="158,158,158,255"/>
            <Option type="QString" name="outline_width" value="0.5"/>
            <Option type="QString" name="style" value="solid"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="1" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="253,216,53,115"/>
            <Option type="QString" name="outline_color" value="253,216,53,255"/>
            <Option type="QString" name="outline_width" value="0.5"/>
            <Option type="QString" name="style" value="solid"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="2" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="255,179,0,115"/>
            <Option type="QString" name="outline_color" value="255,179,0,255"/>
            <Option type="QString" name="outline_width" value="0.5"/>
            <Option type="QString" name="style" value="solid"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="3" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="251,140,0,115"/>
            <Option type="QString" name="outline_color" value="251,140,0,255"/>
            <Option type="QString" name="outline_width" value="0.5"/>
            <Option type="QString" name="style" value="solid"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="4" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="142,36,170,115"/>
            <Option type="QString" name="outline_color" value="142,36,170,255"/>
            <Option type="QString" name="outline_width" value="0.5"/>
            <Option type="QString" name="style" value="solid"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="5" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="30,136,229,115"/>
            <Option type="QString" name="outline_color" value="30,136,229,255"/>
            <Option type="QString" name="outline_width" value="0.5"/>
            <Option type="QString" name="style" value="solid"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="6" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="67,160,71,115"/>
            <Option type="QString" name="outline_color" value="67,160,71,255"/>
            <Option type="QString" name="outline_width" value="0.5"/>
            <Option type="QString" name="style" value="solid"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
</qgis>
